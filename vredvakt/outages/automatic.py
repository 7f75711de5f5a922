"""What the worker does with the locks telemetry changed (R7, R11, R17).

For each lock it looks at the lock's state as it is now:
- offline, jammed, or battery below the critical level: a fault case with
  source "telemetry" runs the routine, once per fault (no new case while one
  is open, nor for the same fault after a person restored it);
- offline together with many others: one major outage groups their cases,
  opened in bulk, with no per-case messages (correlation, bulk);
- battery below the warning level: a battery task for the alarm group
  (maintenance), closed when the battery is back above it;
- back from a fault: its open case gets a proposed "works again" that a
  person confirms (R7).
"""

from datetime import datetime

from vredvakt.cases.models import CaseKind, CaseSource, CaseStatus, FaultCase
from vredvakt.cases.services.lifecycle import cases_propose_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import BatteryLevel, LockStatus, battery_level
from vredvakt.outages import bulk, maintenance, texts
from vredvakt.outages.correlation import Scope, find_groups
from vredvakt.outages.figures import outage_figures
from vredvakt.outages.models import BatteryTask, MajorOutage, OutageStatus
from vredvakt.outages.night_patrol import schedule_unit_reminders
from vredvakt.outages.services import outage_announce, outage_detect, outage_mostly_back
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.in_force import routine_in_force


def fault_reason(lock: Lock, params: RoutineParameters) -> str | None:
    if lock.status == LockStatus.OFFLINE:
        return texts.Reason.OFFLINE
    if lock.status == LockStatus.JAMMED:
        return texts.Reason.JAMMED
    if battery_level(lock.battery, params) == BatteryLevel.CRITICAL:
        return texts.Reason.BATTERY
    return None


def locks_look_at(lock_ids: list[int], *, came_back: set[int], now: datetime) -> None:
    _version, params = routine_in_force(now)
    locks = list(Lock.objects.filter(pk__in=lock_ids).select_related("client").order_by("pk"))
    faults = {lock.pk: r for lock in locks if (r := fault_reason(lock, params)) is not None}
    offline = [pk for pk, reason in faults.items() if reason == texts.Reason.OFFLINE]
    covered = _major_outage(offline, now, params)
    for lock in locks:
        if lock.pk in covered:
            continue
        task = maintenance.battery_task_sync(lock=lock, params=params, now=now)
        reason = faults.get(lock.pk)
        if reason is not None and lock.client is not None:
            _open_for(lock, reason, task, now)
    back = [lock.pk for lock in locks if lock.pk in came_back and lock.pk not in faults]
    if back:
        _propose_restore(back, now)


def _major_outage(offline: list[int], now: datetime, params: RoutineParameters) -> set[int]:
    """R11: the offline locks that belong to the open major outage (opened here if need be)."""
    current = MajorOutage.objects.filter(status=OutageStatus.OPEN).first()
    if offline:
        found = find_groups(offline, known=Scope.of(current), now=now, params=params)
        if found:
            current = outage_detect(found=found, now=now)
            if current.announced_at is not None:  # wider: attach what it covers now
                bulk.outage_attach_all(outage=current, now=now)
    outage_catch_up(now=now)
    if current is None or not offline:
        return set()
    covered = bulk.outage_cases_for(outage=current, lock_ids=offline, now=now)
    if covered:
        schedule_unit_reminders(current, now=now)  # R9 for the cases that joined
    return covered


def outage_catch_up(*, now: datetime) -> None:
    """An open outage not yet announced (new, declared, or a worker died): attach, then tell."""
    for outage in MajorOutage.objects.filter(status=OutageStatus.OPEN, announced_at__isnull=True):
        bulk.outage_attach_all(outage=outage, now=now)
        outage_announce(outage=outage, now=now)
        schedule_unit_reminders(outage, now=now)


def _has_case(lock: Lock) -> bool:
    """One case per fault: none while one is open, none again for the same fault."""
    assert lock.client_id is not None
    open_case = FaultCase.objects.filter(
        client_id=lock.client_id, kind=CaseKind.LOCK, status=CaseStatus.OPEN
    )
    if open_case.exists():
        return True
    since = lock.status_changed_at
    return since is not None and FaultCase.objects.filter(lock=lock, opened_at__gte=since).exists()


def _open_for(lock: Lock, reason: str, task: BatteryTask | None, now: datetime) -> None:
    assert lock.client is not None
    if reason == texts.Reason.BATTERY:
        # One case per battery episode: the task remembers it (a restored case stays so).
        if task is None or task.critical_case_id is not None:
            return
    elif _has_case(lock):
        return
    opening = case_open(
        client=lock.client,
        kind=CaseKind.LOCK,
        source=CaseSource.TELEMETRY,
        reported_by=None,
        now=now,
        note=texts.fault_note(reason, last_seen_at=lock.last_seen_at, battery=lock.battery),
        lock=lock,
        via="worker",
    )
    if task is not None and reason == texts.Reason.BATTERY:
        maintenance.battery_task_escalated(task=task, case=opening.case)


def _propose_restore(lock_ids: list[int], now: datetime) -> int:
    """R7, R17: the locks report again; their open cases wait for a person to confirm."""
    cases = FaultCase.objects.filter(
        lock_id__in=lock_ids,
        kind=CaseKind.LOCK,
        status=CaseStatus.OPEN,
        restore_proposed_at__isnull=True,
    )
    rows = list(cases.values_list("pk", "lock__status", "lock__battery", "major_outage_id"))
    reasons = {pk: texts.back_note(status, battery) for pk, status, battery, _outage in rows}
    proposed = set(cases_propose_restore(reasons=reasons, now=now)) if reasons else set()
    for outage_id in {outage for pk, *_rest, outage in rows if pk in proposed and outage}:
        _check_mostly_back(outage_id, now)
    return len(proposed)


def _check_mostly_back(outage_id: int, now: datetime) -> None:
    outage = MajorOutage.objects.filter(
        pk=outage_id, status=OutageStatus.OPEN, restore_proposed_at__isnull=True
    ).first()
    if outage is not None and outage_figures(outage).mostly_back:
        outage_mostly_back(outage=outage, now=now)
