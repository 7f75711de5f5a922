"""One event per request, the commonest case: fewer statements, the same rules (R17)."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from tests.locks.conftest import NOW, event, minutes, post, query_plans
from vredvakt.audit.models import AuditEntry
from vredvakt.locks.ingest import find_sender, lock_hint, parse_events
from vredvakt.locks.ingest_store import lock_events_ingest
from vredvakt.locks.models import Integration, Lock, LockEvent
from vredvakt.locks.telemetry import LockStatus
from vredvakt.outages.models import LockSignal
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion

pytestmark = pytest.mark.usefixtures("frozen")


def karin_lock(world: World) -> Lock:
    return Lock.objects.get(pk=world.karin_lock.pk)


def routine(grace: int) -> RoutineVersion:
    return RoutineVersion.objects.create(
        code="v1",
        title="Låsvred",
        decided_by="Olof",
        decided_on=date(2026, 1, 1),
        valid_from=date(2026, 1, 1),
        valid_until=date(2030, 1, 1),
        owner="Olof",
        parameters=RoutineParameters(offline_grace_minutes=grace).to_json(),
    )


def test_it_applies_the_routine_version_in_force(world: World, phoniro: Integration) -> None:
    version = routine(grace=30)
    assert post([event("e1")]).status_code == 202
    assert karin_lock(world).overdue_at == NOW + minutes(15 + 30)
    # A changed routine counts from the next request: only the parsing is cached.
    RoutineVersion.objects.filter(pk=version.pk).update(
        parameters=RoutineParameters(offline_grace_minutes=40).to_json()
    )
    assert post([event("e2")]).status_code == 202
    assert karin_lock(world).overdue_at == NOW + minutes(15 + 40)
    version.delete()
    assert post([event("e3")]).status_code == 202
    assert karin_lock(world).overdue_at == NOW + minutes(15 + 10)


def test_a_deactivated_integration_is_refused_at_once(world: World, phoniro: Integration) -> None:
    assert post([event("e1")]).status_code == 202
    Integration.objects.filter(pk=phoniro.pk).update(active=False)
    assert post([event("e2")]).status_code == 401


def test_a_finished_rotation_refuses_the_old_secret_at_once(
    world: World, phoniro: Integration
) -> None:
    Integration.objects.filter(pk=phoniro.pk).update(secret="new", previous_secret=phoniro.secret)
    assert post([event("e1")]).status_code == 202
    Integration.objects.filter(pk=phoniro.pk).update(previous_secret="")
    assert post([event("e2")]).status_code == 401
    assert post([event("e3")], secret="new").status_code == 202


def test_a_repeated_event_moves_nothing(world: World, phoniro: Integration) -> None:
    post([event("e1", type="jammed")])
    post([event("e2", type="unlock_ok", at=NOW + minutes(1))])
    before = karin_lock(world)
    response = post([event("e1", type="jammed")])
    assert response.json() == {"accepted": 0, "duplicates": 1, "unknown_locks": [], "refused": []}
    after = karin_lock(world)
    assert (after.status, after.last_event_at) == (before.status, before.last_event_at)
    assert LockEvent.objects.filter(event_id="e1").count() == 1


def test_an_old_event_is_stored_but_moves_nothing(world: World, phoniro: Integration) -> None:
    post([event("e2", type="heartbeat")])
    response = post([event("e1", type="jammed", at=NOW - minutes(1))])
    assert response.json()["accepted"] == 1
    assert karin_lock(world).status == LockStatus.OK
    assert LockEvent.objects.get(event_id="e1").lock_id == world.karin_lock.pk


def test_an_unknown_lock_keeps_its_event(world: World, phoniro: Integration) -> None:
    response = post([event("e1", lock="PH-77")])
    assert response.json() == {
        "accepted": 1,
        "duplicates": 0,
        "unknown_locks": ["PH-77"],
        "refused": [],
    }
    assert LockEvent.objects.get(event_id="e1").lock is None


def test_a_status_change_is_audited_and_signalled(world: World, phoniro: Integration) -> None:
    post([event("e1")])
    LockSignal.objects.all().delete()
    post([event("e2", type="jammed", at=NOW + minutes(1))])
    assert karin_lock(world).status == LockStatus.JAMMED
    entry = AuditEntry.objects.filter(action="lock.status").latest("id")
    assert entry.detail["to"] == LockStatus.JAMMED
    assert list(LockSignal.objects.values_list("lock_id", flat=True)) == [world.karin_lock.pk]


def statements(queries: CaptureQueriesContext) -> list[str]:
    # The test's own transaction turns the ingest's into savepoints: not ours to count.
    return [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_it_costs_few_statements(world: World, phoniro: Integration) -> None:
    post([event("e1")])
    with CaptureQueriesContext(connection) as queries:
        assert post([event("e2", at=NOW + minutes(1))]).status_code == 202
    # PostgreSQL: the integration with the routine, the lock and the rate count
    # (#14, #17), then the event and the lock's state in one statement, with no
    # transaction around them. SQLite: the same reads, the count, the insert and the update.
    assert len(statements(queries)) == (2 if connection.vendor == "postgresql" else 5)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_it_never_scans_the_whole_fleet(world: World, phoniro: Integration) -> None:
    Lock.objects.bulk_create(
        Lock(vendor="Phoniro", vendor_lock_id=f"F-{n}", status=LockStatus.OK) for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    plans = query_plans(lambda: post([event("e1", lock="F-7")]))
    assert plans
    for plan in plans:
        assert "Seq Scan on locks_lock" not in plan, plan


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_lock_written_meanwhile_is_not_overwritten(world: World, phoniro: Integration) -> None:
    # R17: a heartbeat read the lock as working; before it is stored, a jam from
    # another request lands. The heartbeat must not write back "working".
    post([event("e1")])
    heartbeat = parse_events(json.dumps([event("e3", at=NOW + minutes(2))]).encode(), NOW)
    sender = find_sender("phoniro", NOW.date(), lock_hint(json.dumps([event("e3")]).encode()))
    assert sender.lookup is not None and sender.lookup.found is not None
    assert sender.lookup.found.state.status == LockStatus.OK
    post([event("e2", type="jammed", at=NOW + minutes(1))])
    result = lock_events_ingest(
        integration_id=phoniro.pk,
        vendor="Phoniro",
        events=heartbeat,
        now=NOW + minutes(2),
        lookup=sender.lookup,
    )
    assert (result.accepted, result.duplicates) == (1, 0)
    lock = karin_lock(world)
    assert lock.status == LockStatus.JAMMED
    assert lock.last_event_at == NOW + minutes(2)
    assert LockEvent.objects.filter(event_id="e3").count() == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_only_a_quiet_heartbeat_commits_without_waiting_for_the_disk(
    world: World, phoniro: Integration
) -> None:
    # docs/decisions.md: a status change commits synchronously, a quiet heartbeat
    # does not. (The test's own transaction keeps the setting the ingest made.)
    def synchronous_commit() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return str(cursor.fetchone()[0])

    post([event("e1")])  # unknown → working: notable
    assert synchronous_commit() == "on"
    post([event("e2", at=NOW + minutes(1))])
    assert synchronous_commit() == "off"
