"""A lock's state from its telemetry (R17): newest event wins, one write per lock."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from tests.locks.conftest import NOW, event, ingest, minutes, query_plans
from vredvakt.audit.models import AuditEntry
from vredvakt.locks.ingest_store import routine_parameters
from vredvakt.locks.models import Integration, Lock
from vredvakt.locks.sweep import locks_sweep
from vredvakt.locks.telemetry import LockStatus
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion


def karin_lock(world: World) -> Lock:
    return Lock.objects.get(pk=world.karin_lock.pk)


def test_it_does_not_move_last_seen_back_for_an_old_heartbeat(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e2", at=NOW))
    ingest(phoniro, event("e1", at=NOW - minutes(5)), now=NOW + minutes(1))
    lock = karin_lock(world)
    assert lock.last_seen_at == NOW
    assert lock.overdue_at == NOW + minutes(25)


def test_it_applies_a_batch_in_time_order_whatever_the_order_sent(
    world: World, phoniro: Integration
) -> None:
    ingest(
        phoniro,
        event("e3", type="heartbeat", at=NOW, battery=50),
        event("e1", type="jammed", at=NOW - minutes(10), battery=90),
    )
    lock = karin_lock(world)
    assert (lock.status, lock.jammed, lock.battery) == (LockStatus.JAMMED, True, 50)
    assert lock.last_event_at == NOW


def test_an_old_heartbeat_does_not_bring_an_offline_lock_back(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", at=NOW))
    assert locks_sweep(now=NOW + minutes(25), limit=10).count == 1
    ingest(phoniro, event("e0", at=NOW - minutes(1)), now=NOW + minutes(30))
    lock = karin_lock(world)
    assert lock.status == LockStatus.OFFLINE
    assert lock.overdue_at is None
    assert lock.last_seen_at == NOW


def test_a_lock_that_reports_again_after_offline_is_ok_with_a_new_deadline(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", at=NOW))
    locks_sweep(now=NOW + minutes(25), limit=10)
    back = NOW + minutes(40)
    result = ingest(phoniro, event("e2", type="online", at=back), now=back)
    lock = karin_lock(world)
    assert (lock.status, lock.status_changed_at) == (LockStatus.OK, back)
    assert lock.overdue_at == back + minutes(25)
    assert [(c.old, c.new) for c in result.status_changes] == [("offline", "ok")]


def test_a_jam_lasts_until_an_unlock_succeeds(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", type="jammed"))
    ingest(phoniro, event("e2", at=NOW + minutes(1)), now=NOW + minutes(1))
    assert karin_lock(world).status == LockStatus.JAMMED
    ingest(phoniro, event("e3", type="unlock_ok", at=NOW + minutes(2)), now=NOW + minutes(2))
    assert karin_lock(world).status == LockStatus.OK


def test_a_low_battery_shows_and_is_audited(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", battery=60))
    result = ingest(phoniro, event("e2", type="battery", battery=20, at=NOW + minutes(1)))
    assert karin_lock(world).status == LockStatus.LOW_BATTERY
    assert [(c.old, c.new) for c in result.status_changes] == [("ok", "low_battery")]
    entry = AuditEntry.objects.filter(action="lock.status").latest("id")
    assert entry.object_id == str(world.karin_lock.pk)
    assert (entry.via, entry.detail["to"]) == ("telemetry", "low_battery")


def test_a_duplicate_is_not_applied_again(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", type="jammed"))
    ingest(phoniro, event("e2", type="unlock_ok", at=NOW + minutes(1)))
    result = ingest(phoniro, event("e1", type="jammed"), now=NOW + minutes(2))
    assert (result.accepted, result.duplicates) == (0, 1)
    assert karin_lock(world).status == LockStatus.OK


def test_it_writes_each_lock_once_per_batch(world: World, phoniro: Integration) -> None:
    def lock_updates(count: int, first: int) -> tuple[int, int]:
        events = [
            event(f"e{first + n}", lock=("PH-1", "PH-2")[n % 2], at=NOW + minutes(n / 10))
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            ingest(phoniro, *events, now=NOW + minutes(60))
        updates = [q for q in queries if re.search(r'UPDATE "?locks_lock"? ', q["sql"])]
        return len(queries), len(updates)

    # Both locks heard from once already, so no status changes below.
    ingest(phoniro, event("w1", at=NOW - minutes(1)), event("w2", lock="PH-2", at=NOW - minutes(1)))
    small, small_updates = lock_updates(4, 0)
    large, large_updates = lock_updates(400, 100)
    # A fixed number of statements whatever the batch size: one lookup, one insert,
    # one update of both locks.
    assert small == large
    assert small_updates == large_updates == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_it_never_scans_the_whole_fleet(world: World, phoniro: Integration) -> None:
    Lock.objects.bulk_create(
        Lock(vendor="Phoniro", vendor_lock_id=f"F-{n}", status=LockStatus.OK) for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE locks_lock")
    events = (event("e1"), event("e2", lock="F-7"), event("e3", lock="F-2999"))
    plans = query_plans(lambda: ingest(phoniro, *events))
    assert len(plans) == 3  # read the locks, insert the events, lock and write the locks
    for plan in plans:
        assert "Seq Scan on locks_lock" not in plan, plan


def test_it_reads_the_routine_version_in_force(world: World) -> None:
    def version(code: str, valid_from: date, decided_on: date, grace: int) -> RoutineVersion:
        return RoutineVersion.objects.create(
            code=code,
            title="Låsvred",
            decided_by="Olof",
            decided_on=decided_on,
            valid_from=valid_from,
            valid_until=date(2030, 1, 1),
            owner="Olof",
            parameters=RoutineParameters(offline_grace_minutes=grace).to_json(),
        )

    assert routine_parameters(NOW) == RoutineParameters()
    version("v1", date(2026, 1, 1), date(2025, 12, 1), grace=20)
    version("v2", date(2026, 3, 1), date(2026, 1, 1), grace=30)
    version("v3", date(2026, 3, 1), date(2026, 2, 1), grace=40)  # same start, decided later
    version("v4", date(2026, 4, 1), date(2026, 2, 1), grace=50)  # not yet in force
    expected = RoutineVersion.objects.in_force(NOW.date())
    assert expected is not None and expected.code == "v3"
    assert routine_parameters(NOW) == expected.params
