"""The silent-lock sweep (R17): offline only after the grace, reading only due locks."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from tests.locks.conftest import NOW, event, ingest, minutes
from vredvakt.audit.models import AuditEntry
from vredvakt.locks.models import Integration, Lock
from vredvakt.locks.sweep import locks_sweep
from vredvakt.locks.telemetry import LockStatus, went_silent
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion

# PH-1 beats every 15 minutes (the default) and the routine's grace is 10 minutes.
SILENT_AFTER = minutes(25)


def status(world: World) -> str:
    return Lock.objects.get(pk=world.karin_lock.pk).status


def test_a_silent_lock_is_offline_only_after_its_grace(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", at=NOW))
    assert locks_sweep(now=NOW + SILENT_AFTER - timedelta(seconds=1), limit=10).count == 0
    assert status(world) == LockStatus.OK
    result = locks_sweep(now=NOW + SILENT_AFTER, limit=10)
    [silent] = result.went_offline
    assert (silent.lock_id, silent.vendor_lock_id, silent.client_id) == (
        world.karin_lock.pk,
        "PH-1",
        world.karin.pk,
    )
    assert silent.last_seen_at == NOW
    lock = Lock.objects.get(pk=world.karin_lock.pk)
    assert (lock.status, lock.status_changed_at, lock.overdue_at) == (
        LockStatus.OFFLINE,
        NOW + SILENT_AFTER,
        None,
    )
    entry = AuditEntry.objects.get(action="lock.status", via="worker")
    assert entry.detail["to"] == "offline"


def test_a_swept_lock_is_not_swept_again(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", at=NOW))
    assert locks_sweep(now=NOW + SILENT_AFTER, limit=10).count == 1
    assert locks_sweep(now=NOW + SILENT_AFTER * 10, limit=10).count == 0


def test_a_lock_back_within_the_grace_is_never_offline(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", at=NOW))
    late = NOW + minutes(22)  # past its interval, within the grace
    ingest(phoniro, event("e2", at=late), now=late)
    assert locks_sweep(now=NOW + SILENT_AFTER, limit=10).count == 0
    assert status(world) == LockStatus.OK


def test_a_vendors_offline_report_waits_for_the_grace(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", at=NOW))
    ingest(phoniro, event("e2", type="offline", at=NOW + minutes(1)))
    assert status(world) == LockStatus.PENDING
    assert locks_sweep(now=NOW + minutes(11) - timedelta(seconds=1), limit=10).count == 0
    assert locks_sweep(now=NOW + minutes(11), limit=10).count == 1


def test_a_lock_back_after_a_vendors_offline_report_opens_nothing(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", type="offline", at=NOW))
    ingest(phoniro, event("e2", type="online", at=NOW + minutes(4)))
    assert status(world) == LockStatus.OK
    assert locks_sweep(now=NOW + minutes(10), limit=10).count == 0


def test_the_grace_is_the_routines(world: World, phoniro: Integration) -> None:
    params = RoutineParameters(offline_grace_minutes=30).to_json()
    RoutineVersion.objects.create(
        code="v2",
        title="Låsvred",
        decided_by="Olof",
        decided_on=NOW.date(),
        valid_from=NOW.date(),
        valid_until=NOW.date().replace(year=2030),
        owner="Olof",
        parameters=params,
    )
    ingest(phoniro, event("e1", at=NOW))
    assert locks_sweep(now=NOW + minutes(44), limit=10).count == 0
    assert locks_sweep(now=NOW + minutes(45), limit=10).count == 1


def make_fleet(count: int, *, due: int) -> None:
    """`count` locks heard from, of which `due` are past their overdue moment."""
    Lock.objects.bulk_create(
        Lock(
            vendor="Phoniro",
            vendor_lock_id=f"F-{n}",
            status=LockStatus.OK,
            last_seen_at=NOW,
            overdue_at=NOW + (minutes(-1 - n) if n < due else minutes(25 + n)),
        )
        for n in range(count)
    )


def test_it_reads_only_due_locks_and_at_most_limit(world: World) -> None:
    make_fleet(200, due=3)
    with CaptureQueriesContext(connection) as queries:
        first = locks_sweep(now=NOW, limit=2)
    # Oldest deadline first; more are due.
    assert [s.vendor_lock_id for s in first.went_offline] == ["F-2", "F-1"]
    assert first.more
    # The sweep's one read of the fleet (the audit chain's head is read too).
    [select] = [q["sql"] for q in queries if q["sql"].startswith('SELECT "locks_lock"')]
    assert '"overdue_at" <=' in select
    assert "LIMIT 2" in select
    if connection.vendor == "postgresql":
        assert "FOR UPDATE SKIP LOCKED" in select
    second = locks_sweep(now=NOW, limit=2)
    assert [s.vendor_lock_id for s in second.went_offline] == ["F-0"]
    assert not second.more
    assert Lock.objects.filter(status=LockStatus.OFFLINE).count() == 3


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_it_uses_the_overdue_index(world: World) -> None:
    make_fleet(2000, due=5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE locks_lock")
        cursor.execute(
            "EXPLAIN SELECT id FROM locks_lock WHERE overdue_at <= %s ORDER BY overdue_at LIMIT 10",
            [NOW],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "lock_overdue_idx" in plan


def test_an_empty_sweep_writes_nothing(world: World) -> None:
    make_fleet(5, due=0)
    with CaptureQueriesContext(connection) as queries:
        assert locks_sweep(now=NOW, limit=100).count == 0
    assert not [q for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]


def test_the_sweep_applies_the_pure_rule(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", type="jammed", battery=15))
    before = Lock.objects.get(pk=world.karin_lock.pk).telemetry_state
    moment = NOW + SILENT_AFTER + minutes(3)
    locks_sweep(now=moment, limit=10)
    after = Lock.objects.get(pk=world.karin_lock.pk).telemetry_state
    assert after == went_silent(before, moment)
