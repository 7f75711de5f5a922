"""/locks: the alarm group sees the fleet without clients; the unit's editors change it."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.api.conftest import details
from vredvakt.audit.models import AuditEntry
from vredvakt.locks.models import Lock


def new_lock(client_id: int | None, **changes: object) -> dict[str, object]:
    return {"vendor": "Phoniro", "vendor_lock_id": "PH-9", "client": client_id, **changes}


def lock_ids(response) -> list[str]:
    assert response.status_code == 200
    return [lock["vendor_lock_id"] for lock in response.json()["items"]]


def test_the_alarm_group_sees_every_lock_but_not_whose_door(world, api_as):
    response = api_as(world.lars).get("/locks")

    assert lock_ids(response) == ["PH-1", "PH-2"]
    assert [lock["client"] for lock in response.json()["items"]] == [None, None]
    assert [lock["unit_id"] for lock in response.json()["items"]] == [world.tumba.pk, world.alby.pk]
    assert not AuditEntry.objects.filter(action="client.read").exists()


def test_a_care_worker_sees_the_lock_with_its_client_and_the_read_is_logged(world, api_as):
    response = api_as(world.anna).get(f"/locks/{world.karin_lock.pk}")

    assert response.status_code == 200
    client = response.json()["client"]
    assert (client["first_name"], client["full_address"]) == ("Karin", "Lundgatan 4, 147 30 Tumba")
    entry = AuditEntry.objects.get(action="client.read")
    assert (entry.actor, entry.object_id) == (world.anna, str(world.karin.pk))


def test_it_filters_locks_by_unit_vendor_and_area(world, api_as):
    Lock.objects.create(vendor="Gateman", vendor_lock_id="G-1", client=world.karin, area="Norr")
    lars = api_as(world.lars)

    assert lock_ids(lars.get("/locks", unit=world.tumba.pk)) == ["G-1", "PH-1"]
    assert lock_ids(lars.get("/locks", vendor="phoniro")) == ["PH-1", "PH-2"]
    assert lock_ids(lars.get("/locks", area="Norr")) == ["G-1"]


def test_a_coordinator_registers_a_lock_for_a_client(world, api_as):
    response = api_as(world.kim).post("/locks", new_lock(world.karin.pk, area="Centrum"))

    assert response.status_code == 201
    lock = Lock.objects.get(vendor_lock_id="PH-9")
    assert (lock.client, lock.area, lock.heartbeat_interval_s) == (world.karin, "Centrum", 900)
    assert response.json()["client"]["id"] == world.karin.pk
    assert AuditEntry.objects.filter(action="lock.create", actor=world.kim).exists()


def test_a_unit_manager_changes_a_locks_heartbeat_interval(world, api_as):
    seen = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    # Heard from at 09:00: silent after 15 min + the 10 min grace.
    Lock.objects.filter(pk=world.karin_lock.pk).update(
        status="ok", last_seen_at=seen, last_event_at=seen, overdue_at=seen + timedelta(minutes=25)
    )
    response = api_as(world.ulla).patch(
        f"/locks/{world.karin_lock.pk}", {"heartbeat_interval_s": 3600}
    )

    assert response.status_code == 200
    world.karin_lock.refresh_from_db()
    assert world.karin_lock.heartbeat_interval_s == 3600
    # R17: the deadline moves now, so no false alarm at 09:25.
    assert world.karin_lock.overdue_at == seen + timedelta(minutes=70)
    entry = AuditEntry.objects.get(action="lock.update")
    assert entry.detail == {"fields": ["heartbeat_interval_s"]}


def test_changing_a_lock_leaves_its_telemetry_state_alone(world, api_as):
    stale = Lock.objects.get(pk=world.karin_lock.pk)
    Lock.objects.filter(pk=stale.pk).update(battery=15)

    api_as(world.kim).patch(f"/locks/{stale.pk}", {"area": "Söder"})

    assert Lock.objects.get(pk=stale.pk).battery == 15


@pytest.mark.parametrize("persona", ["anna", "hanna"])
def test_read_only_roles_get_403_changing_a_lock(world, api_as, unchanged, persona):
    user = api_as(getattr(world, persona))
    state = unchanged()

    patched = user.patch(f"/locks/{world.karin_lock.pk}", {"area": "Söder"})
    created = user.post("/locks", new_lock(world.karin.pk))

    assert (patched.status_code, created.status_code) == (403, 403)
    state.check()


def test_the_alarm_group_is_read_only_here(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.lars).patch(f"/locks/{world.karin_lock.pk}", {"area": "Söder"})

    assert response.status_code == 403
    state.check()


def test_only_an_administrator_registers_a_lock_without_a_client(world, api_as, unchanged):
    state = unchanged()

    refused = api_as(world.kim).post("/locks", new_lock(None))
    off_client = api_as(world.kim).patch(f"/locks/{world.karin_lock.pk}", {"client": None})

    assert (refused.status_code, off_client.status_code) == (403, 403)
    state.check()
    assert api_as(world.adam).post("/locks", new_lock(None)).status_code == 201


def test_moving_a_lock_to_another_units_client_needs_rights_there(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.olof).patch(f"/locks/{world.karin_lock.pk}", {"client": world.bengt.pk})

    # The operations manager sees every client but changes none of them.
    assert response.status_code == 403
    state.check()


def test_it_refuses_a_lock_the_vendor_already_registered_with_409(world, api_as, unchanged):
    state = unchanged()

    created = api_as(world.kim).post("/locks", new_lock(world.karin.pk, vendor_lock_id="PH-1"))
    patched = api_as(world.adam).patch(f"/locks/{world.bengt_lock.pk}", {"vendor_lock_id": "PH-1"})

    assert (created.status_code, patched.status_code) == (409, 409)
    assert "PH-1" in created.json()["detail"]
    state.check()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"heartbeat_interval_s": 5}, "heartbeat_interval_s"),
        ({"heartbeat_interval_s": "often"}, "heartbeat_interval_s"),
        ({"vendor": ""}, "vendor"),
        ({"vendor_lock_id": "x" * 81}, "vendor_lock_id"),
        ({"client": 999999}, "client"),
        ({"battery": 100}, "battery"),
    ],
)
def test_it_rejects_bad_lock_fields_with_422(world, api_as, unchanged, body, field):
    state = unchanged()

    created = api_as(world.kim).post("/locks", new_lock(world.karin.pk, **body))
    patched = api_as(world.kim).patch(f"/locks/{world.karin_lock.pk}", body)

    assert (created.status_code, patched.status_code) == (422, 422)
    assert field in details(created)
    assert field in details(patched)
    state.check()
