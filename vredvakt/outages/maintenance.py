"""R17: a battery below the warning level is a task for the alarm group, not an outage.

One open task per lock; it closes when telemetry shows the battery back above
the warning level, or when the alarm group records that they changed it.
Below the critical level the lock may die at any moment: the task then also
gets a fault case (vredvakt.outages.automatic), once per task.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vredvakt.audit.services import audit_record
from vredvakt.cases.models import FaultCase
from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import BatteryLevel, battery_level
from vredvakt.outages.models import BatteryTask
from vredvakt.outages.services import OutageError
from vredvakt.routine.parameters import RoutineParameters


def battery_task_sync(
    *, lock: Lock, params: RoutineParameters, now: datetime
) -> BatteryTask | None:
    """Open the lock's task below the warning level, close it above; the open task or None."""
    task = BatteryTask.objects.filter(lock=lock, closed_at__isnull=True).first()
    if battery_level(lock.battery, params) == BatteryLevel.OK:
        if task is not None:
            _close(task, by=None, now=now, via="telemetry")
        return None
    if task is not None:
        return task
    try:
        with transaction.atomic():
            task = BatteryTask.objects.create(
                lock=lock, opened_at=now, battery_at_open=lock.battery
            )
            audit_record(
                actor=None,
                action="battery_task.open",
                obj=task,
                via="worker",
                detail={"lock": lock.pk, "battery": lock.battery},
                now=now,
            )
    except IntegrityError:  # another worker opened it a moment ago
        task = BatteryTask.objects.get(lock=lock, closed_at__isnull=True)
    return task


def battery_task_escalated(*, task: BatteryTask, case: FaultCase) -> None:
    BatteryTask.objects.filter(pk=task.pk, critical_case__isnull=True).update(critical_case=case)
    task.critical_case = case


def _close(task: BatteryTask, *, by: AbstractBaseUser | None, now: datetime, via: str) -> bool:
    with transaction.atomic():
        closed = BatteryTask.objects.filter(pk=task.pk, closed_at__isnull=True).update(
            closed_at=now, closed_by_id=by.pk if by is not None else None
        )
        if closed:
            task.closed_at = now
            task.closed_by_id = by.pk if by is not None else None
            audit_record(actor=by, action="battery_task.close", obj=task, via=via, now=now)
    return bool(closed)


def battery_task_close(
    *, task: BatteryTask, by: AbstractBaseUser, now: datetime, via: str = "web"
) -> BatteryTask:
    """The alarm group has changed the battery."""
    if not _close(task, by=by, now=now, via=via):
        raise OutageError(_("This battery change is already done."))
    return task
