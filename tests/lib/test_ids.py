"""An id from a form or a query string: what is not one is no id, never a 500."""

import pytest

from vredvakt.lib.ids import id_from


@pytest.mark.parametrize(("raw", "expected"), [("7", 7), ("000123", 123), ("9" * 18, 10**18 - 1)])
def test_digits_are_an_id(raw, expected):
    assert id_from(raw) == expected


@pytest.mark.parametrize(
    "raw", [None, "", " 7", "-1", "7.0", "²", "١٢", "9" * 19, "1e3", "[]", "\x00"]
)
def test_anything_else_is_no_id(raw):
    # "²" passes str.isdigit() and then int() refuses it; 10**20 overflows SQLite's integers.
    assert id_from(raw) is None
