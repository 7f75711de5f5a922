"""A row id read from a form or a query string: text that is not one is no id, not a crash."""

import re
from collections.abc import Collection
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# ASCII digits only: "²" passes str.isdigit() and then int() refuses it. Eighteen digits
# fit every id column (all 64-bit); SQLite refuses a larger integer outright, a 500.
ID_PATTERN = "[0-9]{1,18}"
_ID = re.compile(ID_PATTERN)


def id_from(raw: object) -> int | None:
    """The id `raw` spells, or None for anything else (empty, a word, "²", 10**20)."""
    return int(raw) if isinstance(raw, str) and _ID.fullmatch(raw) else None


class IdConverter:
    """`<id:pk>` in a URL: an id no row can have is a 404 from the resolver, not a query."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Ticked rows by id: a value that cannot be an id is the field's error, never a query."""

    def _check_values(self, value: Collection[Any]) -> Any:
        for raw in value:
            if id_from(str(raw)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": raw},
                )
        return super()._check_values(value)  # type: ignore[misc]  # not in django-stubs
