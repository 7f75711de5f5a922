"""R17: lock telemetry opens fault cases by itself, and proposes "works again" (R7).

Phoniro's system posts Karin's lock PH-1 telemetry; the worker's steps run at
whatever moment a test passes in, without sleeping.
"""

from datetime import datetime

from tests.conftest import World
from tests.locks.conftest import NOW, event, ingest, minutes
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.services.lifecycle import case_restore
from vredvakt.jobs.loop import drain
from vredvakt.locks.models import Integration, Lock
from vredvakt.notifications.models import Message
from vredvakt.outages.models import BatteryTask, LockSignal

# PH-1 beats every 15 minutes and the routine's grace is 10 minutes.
SILENT_AFTER = minutes(25)
STEPS = {"locks.sweep", "outages.telemetry"}


def work(now: datetime) -> int:
    """The worker's sweep and telemetry steps, run until nothing more is due at `now`."""
    return drain(now, only=STEPS)


def cases(world: World) -> list[FaultCase]:
    return list(FaultCase.objects.filter(lock=world.karin_lock).order_by("pk"))


def test_it_opens_one_case_for_a_silent_lock_only_after_its_grace(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", at=NOW))
    work(NOW + SILENT_AFTER - minutes(1))
    assert cases(world) == []
    work(NOW + SILENT_AFTER)
    work(NOW + SILENT_AFTER + minutes(30))
    [case] = cases(world)
    assert (case.source, case.kind, case.client, case.opened_by) == (
        "telemetry",
        "lock",
        world.karin,
        None,
    )
    assert case.opened_at == NOW + SILENT_AFTER
    reported = case.timeline.get(kind="reported")
    assert "2026-03-10 10:00" in reported.text  # last heard from, in Stockholm time
    # R3, R8: the coordinator and the alarm group are told; the key guidance is ready (R1).
    assert Message.objects.filter(recipient=world.kim, kind="case_opened").count() == 1
    assert Message.objects.filter(recipient=world.lars, kind="alarm_group_informed").count() == 1
    assert case.key_kind == "unit_key"
    assert case.steps.get(code="inform_alarm_group").done_at == case.opened_at
    assert LockSignal.objects.count() == 0


def test_a_lock_back_within_its_grace_opens_nothing(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", at=NOW))
    late = NOW + minutes(22)
    ingest(phoniro, event("e2", at=late), now=late)
    work(NOW + SILENT_AFTER)
    work(NOW + minutes(40))
    assert cases(world) == []
    assert not Message.objects.filter(kind="case_opened").exists()


def test_a_vendors_offline_report_opens_nothing_when_the_lock_returns_in_time(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", at=NOW))
    ingest(phoniro, event("e2", type="offline", at=NOW + minutes(1)))
    ingest(phoniro, event("e3", type="online", at=NOW + minutes(5)), now=NOW + minutes(5))
    work(NOW + minutes(12))
    assert cases(world) == []


def test_a_jammed_lock_opens_a_case_at_once(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", type="jammed", at=NOW))
    work(NOW)
    [case] = cases(world)
    assert case.source == "telemetry"
    assert case.timeline.get(kind="reported").text
    ingest(phoniro, event("e2", type="jammed", at=NOW + minutes(1)), now=NOW + minutes(1))
    work(NOW + minutes(1))
    assert len(cases(world)) == 1


def test_a_critical_battery_opens_a_case_and_a_battery_task(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", at=NOW, battery=8))  # below the critical 10 %
    work(NOW)
    [case] = cases(world)
    task = BatteryTask.objects.get(lock=world.karin_lock, closed_at=None)
    assert task.critical_case == case
    assert task.battery_at_open == 8


def test_a_low_battery_opens_a_battery_task_and_no_case(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", at=NOW, battery=60))
    ingest(phoniro, event("e2", at=NOW + minutes(1), battery=18), now=NOW + minutes(1))
    work(NOW + minutes(1))
    assert cases(world) == []
    assert BatteryTask.objects.filter(lock=world.karin_lock, closed_at=None).count() == 1
    assert not Message.objects.filter(kind="case_opened").exists()


def test_a_draining_battery_opens_a_case_when_it_crosses_the_critical_level(
    world: World, phoniro: Integration
) -> None:
    # 18 % and 9 % are both "low battery": no status change, but a level crossed.
    ingest(phoniro, event("e1", at=NOW, battery=18))
    work(NOW)
    assert cases(world) == []
    later = NOW + minutes(15)
    ingest(phoniro, event("e2", at=later, battery=9), now=later)
    work(later)
    [case] = cases(world)
    assert BatteryTask.objects.get(closed_at=None).critical_case == case
    # Still critical an hour on: no second case for the same battery.
    ingest(phoniro, event("e3", at=later + minutes(60), battery=8), now=later + minutes(60))
    work(later + minutes(60))
    assert len(cases(world)) == 1


def test_a_new_battery_closes_the_task_and_proposes_works_again(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", at=NOW, battery=7))
    work(NOW)
    [case] = cases(world)
    changed = NOW + minutes(90)
    ingest(phoniro, event("e2", type="battery", at=changed, battery=100), now=changed)
    work(changed)
    task = BatteryTask.objects.get(lock=world.karin_lock)
    assert (task.closed_at, task.closed_by) == (changed, None)
    case.refresh_from_db()
    assert case.restore_proposed_at == changed
    assert case.status == CaseStatus.OPEN  # R7: a person confirms


def test_a_lock_back_proposes_works_again_and_the_coordinator_confirms(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", at=NOW))
    work(NOW + SILENT_AFTER)
    [case] = cases(world)
    back = NOW + minutes(70)
    ingest(phoniro, event("e2", type="online", at=back), now=back)
    work(back)
    case.refresh_from_db()
    assert case.restore_proposed_at == back
    assert case.status == CaseStatus.OPEN
    assert case.timeline.filter(kind="restore_proposed").count() == 1
    case_restore(case=case, by=world.kim, now=back + minutes(5))
    case.refresh_from_db()
    assert (case.status, case.restored_by) == (CaseStatus.RESTORED, world.kim)


def test_an_unlock_proposes_works_again_for_a_jammed_lock(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", type="jammed", at=NOW))
    work(NOW)
    ingest(phoniro, event("e2", at=NOW + minutes(5)), now=NOW + minutes(5))
    work(NOW + minutes(5))
    [case] = cases(world)
    assert case.restore_proposed_at is None  # a heartbeat proves nothing about the jam
    ingest(phoniro, event("e3", type="unlock_ok", at=NOW + minutes(9)), now=NOW + minutes(9))
    work(NOW + minutes(9))
    case.refresh_from_db()
    assert case.restore_proposed_at == NOW + minutes(9)


def test_a_case_restored_by_a_person_is_not_reopened_for_the_same_fault(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", at=NOW))
    work(NOW + SILENT_AFTER)
    [case] = cases(world)
    case_restore(case=case, by=world.kim, now=NOW + minutes(30))
    work(NOW + minutes(45))
    assert len(cases(world)) == 1
    # The lock comes back and fails again: a new fault, a new case.
    again = NOW + minutes(50)
    ingest(phoniro, event("e2", at=again), now=again)
    work(again + SILENT_AFTER)
    assert len(cases(world)) == 2


def test_a_lock_without_a_client_opens_no_case(world: World, phoniro: Integration) -> None:
    Lock.objects.create(vendor="Phoniro", vendor_lock_id="PH-9")
    ingest(phoniro, event("e1", lock="PH-9", type="jammed", at=NOW))
    work(NOW)
    assert not FaultCase.objects.exists()


def test_the_ingest_records_what_to_look_at_in_its_own_transaction(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", at=NOW))  # unknown → ok: a change
    ingest(phoniro, event("e2", at=NOW + minutes(1)), now=NOW + minutes(1))  # ok → ok: none
    assert list(LockSignal.objects.values_list("lock_id", "came_back")) == [
        (world.karin_lock.pk, False)
    ]
