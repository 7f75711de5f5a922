"""Numbers past what the database holds (64 bits): a 422 naming the field, never a 500."""

import pytest

from tests.api.conftest import details
from vredvakt.accounts.apitools import INT64_MAX

TOO_BIG = "99999999999999999999"


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/clients", {"offset": TOO_BIG}, "offset"),
        ("/cases", {"unit": "150400165998383136768"}, "unit"),
        ("/keys", {"client": TOO_BIG}, "client"),
        ("/key-loans", {"holder": TOO_BIG}, "holder"),
        (f"/clients/{TOO_BIG}", {}, "client_id"),
        (f"/cases/{TOO_BIG}", {}, "case_id"),
        (f"/locks/{2**63}", {}, "lock_id"),
    ],
)
def test_it_rejects_an_id_or_offset_beyond_64_bits_with_422(world, api_as, path, params, field):
    response = api_as(world.adam).get(path, **params)

    assert response.status_code == 422
    assert details(response) == [field]
    assert str(INT64_MAX) in response.json()["detail"][0]["msg"]


def test_it_rejects_a_report_for_a_client_id_beyond_64_bits_and_changes_nothing(
    world, api_as, unchanged
):
    nothing_changed = unchanged()

    response = api_as(world.kim).post("/cases", {"client": 2**64})

    assert response.status_code == 422
    assert details(response) == ["client"]
    nothing_changed.check()


# PostgreSQL stores no NUL character in text: refused up front, on SQLite as well.


def test_it_rejects_a_nul_character_in_a_body_and_changes_nothing(world, api_as, unchanged):
    nothing_changed = unchanged()
    body = {
        "reference": "C-9",
        "first_name": "Ka\x00rin",
        "last_name": "Berg",
        "street_address": "Berggatan 1",
        "postal_code": "147 30",
        "city": "Tumba",
        "unit": world.tumba.pk,
    }

    response = api_as(world.adam).post("/clients", body)

    assert response.status_code == 422
    assert details(response) == ["first_name"]
    nothing_changed.check()


def test_it_rejects_a_nul_character_nested_in_a_body(world, api_as, unchanged):
    nothing_changed = unchanged()
    body = {"description": "Appen", "areas": ["Norr\x00by"]}

    response = api_as(world.lars).post("/outages", body)

    assert response.status_code == 422
    assert details(response) == ["areas"]
    nothing_changed.check()


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [("/clients", {"q": "Ka\x00rin"}, "q"), ("/locks", {"vendor": "Phon\x00iro"}, "vendor")],
)
def test_it_rejects_a_nul_character_in_a_search_with_422(world, api_as, path, params, field):
    response = api_as(world.adam).get(path, **params)

    assert response.status_code == 422
    assert details(response) == [field]
