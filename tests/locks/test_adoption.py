"""Events sent before their lock was registered become its history and its state (R17)."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from tests.conftest import World
from tests.locks.conftest import NOW, event, ingest, minutes
from vredvakt.audit.models import AuditEntry
from vredvakt.locks.models import Integration, Lock, LockEvent
from vredvakt.locks.services import lock_create
from vredvakt.locks.telemetry import LockStatus
from vredvakt.outages.models import LockSignal

pytestmark = pytest.mark.usefixtures("frozen")


def register(world: World, vendor_lock_id: str = "PH-77", vendor: str = "Phoniro") -> Lock:
    return lock_create(
        actor=world.ulla,
        vendor=vendor,
        vendor_lock_id=vendor_lock_id,
        client=world.karin,
        via="api",
        now=NOW,
    )


def test_a_lock_registered_late_takes_its_history_and_state(
    world: World, phoniro: Integration
) -> None:
    result = ingest(
        phoniro,
        event("e1", lock="PH-77", at=NOW - minutes(20), battery=90),
        event("e2", lock="PH-77", at=NOW - minutes(5), battery=85),
    )
    assert result.unknown_locks == ["PH-77"]

    lock = register(world)

    lock.refresh_from_db()
    assert set(LockEvent.objects.filter(lock=lock).values_list("event_id", flat=True)) == {
        "e1",
        "e2",
    }
    assert (lock.status, lock.last_seen_at, lock.battery) == (
        LockStatus.OK,
        NOW - minutes(5),
        85,
    )
    assert lock.overdue_at == NOW - minutes(5) + minutes(15 + 10)
    entry = AuditEntry.objects.get(action="lock.status", object_id=str(lock.pk))
    assert entry.detail["to"] == LockStatus.OK


def test_a_jam_reported_before_registration_is_signalled(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", lock="PH-77", at=NOW - minutes(2), type="jammed"))

    lock = register(world)

    assert Lock.objects.get(pk=lock.pk).status == LockStatus.JAMMED
    # The worker opens the fault case from this signal, as for any jam (R17).
    assert LockSignal.objects.filter(lock=lock).exists()


def test_a_lock_silent_long_before_registration_is_not_heard_from(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", lock="PH-77", at=NOW - timedelta(days=3)))

    lock = register(world)

    lock.refresh_from_db()
    assert LockEvent.objects.get(event_id="e1").lock == lock
    # No alarm for a lock nobody watched while it went silent.
    assert (lock.status, lock.overdue_at) == (LockStatus.UNKNOWN, None)
    assert not LockSignal.objects.filter(lock=lock).exists()


def test_another_vendors_lock_with_the_same_id_is_not_adopted(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", lock="PH-77", at=NOW - minutes(1)))

    lock = register(world, vendor="Gantner")

    assert LockEvent.objects.get(event_id="e1").lock is None
    assert Lock.objects.get(pk=lock.pk).status == LockStatus.UNKNOWN


def test_an_imported_lock_adopts_its_events(world: World, phoniro: Integration, tmp_path) -> None:
    ingest(phoniro, event("e1", lock="PH-77", at=NOW - minutes(1)))
    path = tmp_path / "locks.csv"
    path.write_text("vendor,vendor_lock_id\nPhoniro,PH-77\n", encoding="utf-8")

    call_command("import", "locks", str(path), stdout=None)

    lock = Lock.objects.get(vendor_lock_id="PH-77")
    assert LockEvent.objects.get(event_id="e1").lock == lock
    assert lock.status == LockStatus.OK
