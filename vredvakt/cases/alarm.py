"""The alarm group's queue (R8, R10): what they were told about, new first."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vredvakt.accounts.access import AnyUser
from vredvakt.cases.access import cases_visible_to
from vredvakt.cases.display import Status, countdown, human_time
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.pages import first_entry_at
from vredvakt.cases.steps import StepCode
from vredvakt.cases.timeline import EntryKind


@dataclass
class QueueRow:
    case: FaultCase
    opened: str
    due: str
    status: Status
    fixed: bool


@dataclass
class Queue:
    new: list[QueueRow] = field(default_factory=list)
    weekend: list[QueueRow] = field(default_factory=list)  # R10: theirs next working day
    acknowledged: list[QueueRow] = field(default_factory=list)

    @property
    def rows(self) -> list[QueueRow]:
        return self.new + self.weekend + self.acknowledged


def queue_cases(user: AnyUser) -> QuerySet[FaultCase]:
    """Open cases the alarm group has been told about (R8 by the coordinator, R10 at once)."""
    return (
        cases_visible_to(user)
        .filter(
            status=CaseStatus.OPEN,
            steps__code=StepCode.INFORM_ALARM_GROUP,
            steps__done_at__isnull=False,
        )
        .annotate(fixed_at=first_entry_at(EntryKind.FIXED))
        .prefetch_related("steps")
        .order_by("opened_at")
    )


def alarm_queue(user: AnyUser, now: datetime) -> Queue:
    queue = Queue()
    for case in queue_cases(user)[:500]:
        act = next((s for s in case.steps.all() if s.code == StepCode.ALARM_GROUP_ACT), None)
        due_at = act.due_at if act is not None else None
        fixed = getattr(case, "fixed_at", None) is not None
        row = QueueRow(
            case=case,
            opened=human_time(case.opened_at, now),
            due=human_time(due_at, now) if due_at else "",
            status=_status(case, due_at, fixed, now),
            fixed=fixed,
        )
        if case.alarm_acknowledged_at is not None:
            queue.acknowledged.append(row)
        elif case.mode == "weekend" and due_at is not None and due_at > now:
            queue.weekend.append(row)
        else:
            queue.new.append(row)
    return queue


def _status(case: FaultCase, due_at: datetime | None, fixed: bool, now: datetime) -> Status:
    if fixed:
        return Status(_("Fixed: waiting for the coordinator to confirm"), "ok")
    if case.alarm_acknowledged_at is not None:
        when = human_time(case.alarm_acknowledged_at, now)
        return Status(_("Acknowledged %(when)s") % {"when": when}, "ok")
    if case.mode == "weekend" and due_at is not None and due_at > now:
        when = human_time(due_at, now)
        return Status(_("Due next working day, %(when)s") % {"when": when}, "neutral")
    if due_at is None:
        return Status(_("New"), "warn")
    at_once = due_at <= case.opened_at
    return countdown(due_at, now, at_once=at_once)
