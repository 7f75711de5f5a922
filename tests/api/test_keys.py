"""/key-storages and /keys: where the spare keys hang (R1 unit cabinet, R2 service house)."""

import pytest

from tests.api.conftest import details
from vredvakt.audit.models import AuditEntry
from vredvakt.keys.models import Key, KeyStorage


def new_key(**changes: object) -> dict[str, object]:
    return {"code": "K-9", "kind": "unit_key", "hook": "15", **changes}


def codes(response) -> list[str]:
    assert response.status_code == 200
    return [item["code"] for item in response.json()["items"]]


def test_storages_shown_are_the_service_houses_and_the_own_units_cabinet(world, api_as):
    assert codes(api_as(world.kim).get("/key-storages")) == ["skap-tumba", "orren"]
    assert codes(api_as(world.otto).get("/key-storages")) == ["skap-alby", "orren"]
    assert api_as(world.otto).get(f"/key-storages/{world.tumba_cabinet.pk}").status_code == 404
    assert len(codes(api_as(world.adam).get("/key-storages"))) == 3


def test_only_administrators_add_or_change_storage_places(world, api_as, unchanged):
    body = {
        "code": "skap-alby-2",
        "name": "Nyckelskåp 2",
        "kind": "unit_cabinet",
        "unit": world.alby.pk,
    }
    state = unchanged()

    assert api_as(world.kim).post("/key-storages", body).status_code == 403
    patched = api_as(world.kim).patch(f"/key-storages/{world.tumba_cabinet.pk}", {"address": "x"})
    assert patched.status_code == 403
    state.check()
    created = api_as(world.adam).post("/key-storages", body)
    assert created.status_code == 201
    assert KeyStorage.objects.get(code="skap-alby-2").unit == world.alby


def test_a_cabinet_must_belong_to_a_unit(world, api_as, unchanged):
    body = {"code": "skap-x", "name": "Skåp X", "kind": "unit_cabinet"}
    state = unchanged()

    response = api_as(world.adam).post("/key-storages", body)

    assert response.status_code == 422
    assert details(response) == ["unit"]
    state.check()


def test_it_refuses_a_duplicate_storage_code_with_409(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.adam).post(
        "/key-storages", {"code": "orren", "name": "Orren 2", "kind": "service_house"}
    )

    assert response.status_code == 409
    state.check()


def test_a_care_worker_sees_the_keys_of_her_units_clients_and_the_read_is_logged(world, api_as):
    response = api_as(world.anna).get("/keys", client=world.karin.pk)

    assert codes(response) == ["K-1", "N-1"]
    first = response.json()["items"][0]
    assert (first["storage"]["name"], first["hook"]) == ("Nyckelskåpet Tumba", "14")
    assert AuditEntry.objects.filter(action="client.read", actor=world.anna).count() == 1


def test_it_filters_keys_by_storage_and_kind(world, api_as):
    adam = api_as(world.adam)

    assert codes(adam.get("/keys", storage=world.service_house.pk)) == ["N-1"]
    assert codes(adam.get("/keys", kind="unit_key")) == ["K-1", "K-2"]


def test_a_coordinator_registers_a_key_in_the_units_cabinet(world, api_as):
    body = new_key(client=world.karin.pk, storage=world.tumba_cabinet.pk)

    response = api_as(world.kim).post("/keys", body)

    assert response.status_code == 201
    key = Key.objects.get(code="K-9")
    assert (key.client, key.storage, key.hook) == (world.karin, world.tumba_cabinet, "15")
    assert AuditEntry.objects.filter(action="key.create", actor=world.kim).exists()


def test_a_coordinator_moves_a_key_to_another_hook(world, api_as):
    response = api_as(world.kim).patch(f"/keys/{world.karin_unit_key.pk}", {"hook": "20"})

    assert response.status_code == 200
    world.karin_unit_key.refresh_from_db()
    assert world.karin_unit_key.hook == "20"


def test_it_refuses_a_hook_already_taken_in_that_storage_with_409(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.kim).post(
        "/keys", new_key(client=world.karin.pk, storage=world.tumba_cabinet.pk, hook="14")
    )

    assert response.status_code == 409
    assert "14" in response.json()["detail"]
    state.check()


def test_the_same_hook_in_another_storage_is_fine(world, api_as):
    response = api_as(world.adam).post(
        "/keys", new_key(client=world.bengt.pk, storage=world.alby_cabinet.pk, hook="14")
    )

    assert response.status_code == 201


def test_it_refuses_a_duplicate_key_code_with_409(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.kim).patch(f"/keys/{world.karin_night_key.pk}", {"code": "K-1"})

    assert response.status_code == 409
    state.check()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "night_key", "storage": "tumba_cabinet"}, "storage"),  # R2: service house
        ({"kind": "unit_key", "storage": "service_house"}, "storage"),  # R1: unit cabinet
        ({"storage": "alby_cabinet"}, "storage"),  # another unit's cabinet: not Kim's to see
        ({"kind": "spare"}, "kind"),
        ({"storage": 999999}, "storage"),
        ({"hook": "x" * 41}, "hook"),
    ],
)
def test_it_rejects_bad_key_fields_with_422(world, api_as, unchanged, body, field):
    storages = {
        "tumba_cabinet": world.tumba_cabinet.pk,
        "service_house": world.service_house.pk,
        "alby_cabinet": world.alby_cabinet.pk,
    }
    body = {name: storages.get(value, value) for name, value in body.items()}
    state = unchanged()

    response = api_as(world.kim).post("/keys", new_key(client=world.karin.pk, **body))

    assert response.status_code == 422
    assert details(response) == [field]
    state.check()


def test_a_unit_key_hangs_in_the_clients_own_units_cabinet(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.adam).post(
        "/keys", new_key(client=world.karin.pk, storage=world.alby_cabinet.pk)
    )

    assert response.status_code == 422
    assert details(response) == ["storage"]
    state.check()


@pytest.mark.parametrize("persona", ["anna", "hanna"])
def test_read_only_roles_get_403_changing_keys(world, api_as, unchanged, persona):
    user = api_as(getattr(world, persona))
    state = unchanged()

    patched = user.patch(f"/keys/{world.karin_unit_key.pk}", {"hook": "20"})
    created = user.post("/keys", new_key(client=world.karin.pk, storage=world.tumba_cabinet.pk))

    assert (patched.status_code, created.status_code) == (403, 403)
    state.check()


def test_night_patrol_sees_no_keys_with_client_details(world, api_as):
    assert codes(api_as(world.nils).get("/keys")) == []
    assert api_as(world.nils).get(f"/keys/{world.karin_night_key.pk}").status_code == 404
