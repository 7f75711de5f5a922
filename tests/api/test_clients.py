"""/clients: scoped reads (audit-logged), writes for those who may change the unit."""

import pytest

from tests.api.conftest import details
from tests.conftest import make_client
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.models import Client

NEW_CLIENT = {
    "reference": "C-9",
    "first_name": "Greta",
    "last_name": "Berg",
    "street_address": "Bergvägen 1",
    "postal_code": "147 31",
    "city": "Tumba",
}


def new_client(unit_id: int, **changes: object) -> dict[str, object]:
    return {**NEW_CLIENT, "unit": unit_id, **changes}


def references(response) -> list[str]:
    assert response.status_code == 200
    return [client["reference"] for client in response.json()["items"]]


@pytest.mark.parametrize("persona", ["anna", "kim", "ulla", "hanna"])
def test_tumba_staff_see_only_tumbas_clients(world, api_as, persona):
    assert references(api_as(getattr(world, persona)).get("/clients")) == ["C-1"]


def test_the_outsider_sees_only_albys_clients(world, api_as):
    otto = api_as(world.otto)

    assert references(otto.get("/clients")) == ["C-2"]
    assert references(otto.get("/clients", unit=world.tumba.pk)) == []
    assert references(otto.get("/clients", q="Karin")) == []


def test_the_outsider_gets_404_for_a_tumba_client(world, api_as):
    response = api_as(world.otto).get(f"/clients/{world.karin.pk}")

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("persona", ["lars", "nils"])
def test_alarm_group_and_night_patrol_see_no_client_registry(world, api_as, persona):
    user = api_as(getattr(world, persona))

    assert references(user.get("/clients")) == []
    assert user.get(f"/clients/{world.karin.pk}").status_code == 404


def test_managers_over_all_units_see_every_client_in_a_stable_order(world, api_as):
    make_client("C-3", "Anders", "Lund", world.alby)

    assert references(api_as(world.olof).get("/clients")) == ["C-3", "C-1", "C-2"]


def test_it_searches_name_address_and_reference(world, api_as):
    make_client("C-3", "Anders", "Ek", world.tumba)
    kim = api_as(world.kim)

    assert references(kim.get("/clients", q="karin")) == ["C-1"]
    assert references(kim.get("/clients", q="Ekgatan")) == ["C-3"]
    assert references(kim.get("/clients", q="C-3")) == ["C-3"]
    assert references(kim.get("/clients", q="Karin Lundgatan")) == ["C-1"]
    assert references(kim.get("/clients", q="Karin Ekgatan")) == []


def test_lists_are_paginated(world, api_as):
    for n in range(3, 8):
        make_client(f"C-{n}", "Test", f"Person{n}", world.tumba)
    kim = api_as(world.kim)

    first = kim.get("/clients", limit=2).json()
    second = kim.get("/clients", limit=2, offset=2).json()

    assert first["count"] == 6
    assert len(first["items"]) == 2
    assert not {c["id"] for c in first["items"]} & {c["id"] for c in second["items"]}


def test_it_rejects_a_page_size_over_the_limit(world, api_as):
    assert api_as(world.kim).get("/clients", limit=100000).status_code == 422


def test_reading_clients_is_audit_logged(world, api_as):
    kim = api_as(world.kim)

    kim.get("/clients")
    kim.get(f"/clients/{world.karin.pk}")

    reads = AuditEntry.objects.filter(action="client.read", actor=world.kim)
    assert [(e.object_id, e.via) for e in reads] == [(str(world.karin.pk), "api")] * 2


def test_a_coordinator_adds_a_client_to_their_unit(world, api_as):
    response = api_as(world.kim).post("/clients", new_client(world.tumba.pk))

    assert response.status_code == 201
    body = response.json()
    assert body["unit"]["code"] == "tumba"
    client = Client.objects.get(pk=body["id"])
    assert (client.first_name, client.unit) == ("Greta", world.tumba)
    entry = AuditEntry.objects.get(action="client.create")
    assert (entry.actor, entry.object_id, entry.via) == (world.kim, str(client.pk), "api")


def test_a_coordinator_changes_a_clients_address(world, api_as):
    response = api_as(world.kim).patch(
        f"/clients/{world.karin.pk}", {"street_address": "Storgatan 4"}
    )

    assert response.status_code == 200
    assert response.json()["street_address"] == "Storgatan 4"
    world.karin.refresh_from_db()
    assert (world.karin.street_address, world.karin.first_name) == ("Storgatan 4", "Karin")
    entry = AuditEntry.objects.get(action="client.update")
    assert entry.detail == {"fields": ["street_address"]}


@pytest.mark.parametrize("persona", ["anna", "hanna"])
def test_read_only_roles_get_403_when_changing_a_client(world, api_as, unchanged, persona):
    user = api_as(getattr(world, persona))
    state = unchanged()

    patched = user.patch(f"/clients/{world.karin.pk}", {"city": "Alby"})
    created = user.post("/clients", new_client(world.tumba.pk))

    assert patched.status_code == 403
    assert created.status_code == 403
    assert patched.json()["detail"]
    state.check()


def test_the_outsider_gets_404_changing_a_tumba_client(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.otto).patch(f"/clients/{world.karin.pk}", {"city": "Alby"})

    assert response.status_code == 404
    state.check()


def test_the_outsider_may_not_add_a_client_to_tumba(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.otto).post("/clients", new_client(world.tumba.pk))

    assert response.status_code == 403
    state.check()


def test_moving_a_client_needs_rights_in_both_units(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.kim).patch(f"/clients/{world.karin.pk}", {"unit": world.alby.pk})

    assert response.status_code == 403
    state.check()


def test_an_administrator_moves_a_client(world, api_as):
    response = api_as(world.adam).patch(f"/clients/{world.karin.pk}", {"unit": world.alby.pk})

    assert response.status_code == 200
    world.karin.refresh_from_db()
    assert world.karin.unit == world.alby
    entry = AuditEntry.objects.get(action="client.update")
    assert entry.detail["moved"] == {"from": world.tumba.pk, "to": world.alby.pk}


def test_it_refuses_a_duplicate_reference_with_409(world, api_as, unchanged):
    kim = api_as(world.kim)
    make_client("C-3", "Anders", "Ek", world.tumba)
    state = unchanged()

    created = kim.post("/clients", new_client(world.tumba.pk, reference="C-1"))
    patched = kim.patch(f"/clients/{world.karin.pk}", {"reference": "C-3"})

    assert (created.status_code, patched.status_code) == (409, 409)
    assert "C-1" in created.json()["detail"]
    assert "C-3" in patched.json()["detail"]
    state.check()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"first_name": None}, "first_name"),
        ({"first_name": "   "}, "first_name"),
        ({"last_name": "x" * 81}, "last_name"),
        ({"postal_code": 14730}, "postal_code"),
        ({"unit": "tumba"}, "unit"),
        ({"nickname": "Kalle"}, "nickname"),
    ],
)
def test_it_rejects_bad_client_fields_with_422(world, api_as, unchanged, body, field):
    state = unchanged()

    created = api_as(world.kim).post("/clients", new_client(world.tumba.pk, **body))
    patched = api_as(world.kim).patch(f"/clients/{world.karin.pk}", body)

    assert created.status_code == 422
    assert field in details(created)
    assert patched.status_code == 422
    assert field in details(patched)
    state.check()


def test_it_rejects_a_client_without_a_required_field(world, api_as, unchanged):
    body = new_client(world.tumba.pk)
    del body["city"]
    state = unchanged()

    response = api_as(world.kim).post("/clients", body)

    assert response.status_code == 422
    assert details(response) == ["city"]
    state.check()


def test_it_rejects_an_unknown_unit_with_422(world, api_as, unchanged):
    state = unchanged()

    created = api_as(world.adam).post("/clients", new_client(999999))
    moved = api_as(world.adam).patch(f"/clients/{world.karin.pk}", {"unit": 999999})

    assert (created.status_code, moved.status_code) == (422, 422)
    assert details(created) == ["unit"]
    state.check()


def test_it_rejects_a_client_in_a_unit_that_is_not_home_care(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.adam).post("/clients", new_client(world.alarm_group.pk))

    assert response.status_code == 422
    assert details(response) == ["unit"]
    state.check()


def test_it_rejects_a_body_that_is_not_json(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.kim).post("/clients", "{not json")

    assert 400 <= response.status_code < 500
    state.check()
