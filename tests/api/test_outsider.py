"""Otto (Enhet Alby) must see nothing of Enhet Tumba, by id or by any filter."""

import pytest

from vredvakt.audit.models import AuditEntry


def tumba_objects(world) -> dict[str, int]:
    return {
        "/clients": world.karin.pk,
        "/care-decisions": world.karin.care_decisions.get().pk,
        "/locks": world.karin_lock.pk,
        "/keys": world.karin_unit_key.pk,
    }


@pytest.mark.parametrize("path", ["/clients", "/care-decisions", "/locks", "/keys"])
def test_the_outsider_gets_404_for_every_tumba_object(world, api_as, path):
    otto = api_as(world.otto)
    object_id = tumba_objects(world)[path]

    response = otto.get(f"{path}/{object_id}")

    assert response.status_code == 404
    # The same answer as for an id that does not exist at all: nothing to learn.
    assert response.json() == otto.get(f"{path}/999999").json()


@pytest.mark.parametrize(
    ("path", "filters"),
    [
        ("/clients", {}),
        ("/clients", {"unit": "tumba"}),
        ("/clients", {"q": "Karin"}),
        ("/care-decisions", {}),
        ("/care-decisions", {"client": "karin"}),
        ("/care-decisions", {"unit": "tumba"}),
        ("/locks", {}),
        ("/locks", {"unit": "tumba"}),
        ("/locks", {"client": "karin"}),
        ("/locks", {"vendor": "Phoniro"}),
        ("/keys", {}),
        ("/keys", {"client": "karin"}),
        ("/keys", {"storage": "service_house"}),
        ("/keys", {"unit": "tumba"}),
    ],
)
def test_the_outsider_never_sees_tumba_objects_in_lists(world, api_as, path, filters):
    ids = {
        "tumba": world.tumba.pk,
        "karin": world.karin.pk,
        "service_house": world.service_house.pk,
    }
    params = {name: ids.get(value, value) for name, value in filters.items()}

    response = api_as(world.otto).get(path, **params)

    assert response.status_code == 200
    shown = str(response.json())
    assert "Karin" not in shown and "Lundgatan" not in shown
    assert tumba_objects(world)[path] not in [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/care-decisions", {"valid_until": "2030-01-01"}),
        ("/locks", {"area": "Alby"}),
        ("/keys", {"hook": "99"}),
    ],
)
def test_the_outsider_gets_404_changing_tumba_objects(world, api_as, unchanged, path, body):
    state = unchanged()

    response = api_as(world.otto).patch(f"{path}/{tumba_objects(world)[path]}", body)

    assert response.status_code == 404
    state.check()


def test_the_outsider_cannot_attach_things_to_a_tumba_client(world, api_as, unchanged):
    otto = api_as(world.otto)
    state = unchanged()

    decision = otto.post(
        "/care-decisions",
        {
            "reference": "D-9",
            "client": world.karin.pk,
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
        },
    )
    lock = otto.post(
        "/locks", {"vendor": "Phoniro", "vendor_lock_id": "PH-9", "client": world.karin.pk}
    )
    key = otto.post("/keys", {"code": "K-9", "kind": "unit_key", "client": world.karin.pk})
    moved = otto.patch(f"/locks/{world.bengt_lock.pk}", {"client": world.karin.pk})

    # Unknown to Otto, so "no such client", exactly as for an id that does not exist.
    assert [r.status_code for r in (decision, lock, key, moved)] == [422] * 4
    state.check()


def test_the_outsider_reading_leaves_no_read_of_tumba_in_the_log(world, api_as):
    otto = api_as(world.otto)
    for path in ("/clients", "/care-decisions", "/locks", "/keys"):
        otto.get(path)

    read = AuditEntry.objects.filter(action="client.read", actor=world.otto)
    assert set(read.values_list("object_id", flat=True)) == {str(world.bengt.pk)}
