"""The alarm group's queue (R8, R10): what they were told about, new first."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from vredvakt.accounts.access import AnyUser
from vredvakt.cases.access import cases_visible_to
from vredvakt.cases.models import CaseStatus, CaseStep, FaultCase
from vredvakt.cases.pages.case_page import first_entry_at
from vredvakt.cases.pages.desk import page_summary
from vredvakt.cases.pages.display import Status, countdown
from vredvakt.cases.services.timeline import EntryKind
from vredvakt.cases.steps import STAFF_ON_SITE_MODES, StepCode
from vredvakt.lib.humane import human_time

# Cases a page of each group shows; the rest are on the group's next pages.
ALARM_PAGE_SIZE = 100
# The groups in the order the queue shows them; each name is also its page's parameter.
GROUPS = ("new", "weekend", "acknowledged")


@dataclass
class QueueRow:
    case: FaultCase
    opened: str
    due: str
    status: Status
    fixed: bool


@dataclass
class QueueGroup:
    """One group of the queue: a page of its rows, most urgent first."""

    name: str
    rows: list[QueueRow]
    page: Page[FaultCase]
    previous_query: str = ""
    next_query: str = ""

    @property
    def count(self) -> int:
        return self.page.paginator.count

    def __len__(self) -> int:
        # How many cases the group holds, not only this page (the home panel's |length).
        return self.count

    @property
    def summary(self) -> str:
        return page_summary(self.page)


@dataclass
class Queue:
    new: QueueGroup
    weekend: QueueGroup  # R10, R10b: theirs next working day (weekends and out of hours)
    acknowledged: QueueGroup
    query: str = ""  # the pages shown, as "?new=2" (or ""), for the refresh and the buttons

    @property
    def groups(self) -> list[QueueGroup]:
        return [self.new, self.weekend, self.acknowledged]

    @property
    def rows(self) -> list[QueueRow]:
        """The rows shown, on each group's page."""
        return [row for group in self.groups for row in group.rows]


def queue_cases(user: AnyUser) -> QuerySet[FaultCase]:
    """Open cases the alarm group has been told about (R8 by the coordinator, R10 at once).

    Ordered by the database, so that every case is on some page: the one whose
    alarm-group step fell due first leads (R8 at once, R10 the next working day).
    """
    act = CaseStep.objects.filter(case=OuterRef("pk"), code=StepCode.ALARM_GROUP_ACT)
    return (
        cases_visible_to(user)
        .filter(
            status=CaseStatus.OPEN,
            steps__code=StepCode.INFORM_ALARM_GROUP,
            steps__done_at__isnull=False,
        )
        .annotate(
            fixed_at=first_entry_at(EntryKind.FIXED),
            act_due=Subquery(act.values("due_at")[:1]),
        )
        .prefetch_related("steps")
        .order_by(Coalesce("act_due", "opened_at"), "opened_at", "pk")
    )


def queue_groups(cases: QuerySet[FaultCase], now: datetime) -> dict[str, QuerySet[FaultCase]]:
    """The queue's three groups, each in the database so none is cut short by the others."""
    waiting = cases.filter(alarm_acknowledged_at__isnull=True)
    # R10, R10b (#12): reported on a day off or after office hours, theirs from the
    # next working day; then new like any other.
    later = Q(mode__in=STAFF_ON_SITE_MODES, act_due__gt=now)
    due = ~Q(mode__in=STAFF_ON_SITE_MODES) | Q(act_due__isnull=True) | Q(act_due__lte=now)
    return {
        "new": waiting.filter(due),
        "weekend": waiting.filter(later),
        "acknowledged": cases.filter(alarm_acknowledged_at__isnull=False),
    }


def alarm_queue(user: AnyUser, now: datetime, pages: Mapping[str, str] | None = None) -> Queue:
    """Each group complete, a page at a time; `pages` names the page of each ({"new": "2"})."""
    wanted = pages or {}
    shown = {
        name: Paginator(cases, ALARM_PAGE_SIZE).get_page(wanted.get(name))
        for name, cases in queue_groups(queue_cases(user), now).items()
    }
    numbers = {name: page.number for name, page in shown.items()}
    groups = {
        name: QueueGroup(
            name=name,
            rows=[_row(case, now) for case in page],
            page=page,
            previous_query=_query(numbers | {name: page.number - 1}) if page.has_previous() else "",
            next_query=_query(numbers | {name: page.number + 1}) if page.has_next() else "",
        )
        for name, page in shown.items()
    }
    return Queue(
        new=groups["new"],
        weekend=groups["weekend"],
        acknowledged=groups["acknowledged"],
        query=_query(numbers),
    )


def _query(numbers: dict[str, int]) -> str:
    wanted = {name: number for name in GROUPS if (number := numbers[name]) > 1}
    return f"?{urlencode(wanted)}" if wanted else ""


def _row(case: FaultCase, now: datetime) -> QueueRow:
    act = next((s for s in case.steps.all() if s.code == StepCode.ALARM_GROUP_ACT), None)
    due_at = act.due_at if act is not None else None
    fixed = getattr(case, "fixed_at", None) is not None
    return QueueRow(
        case=case,
        opened=human_time(case.opened_at, now),
        due=human_time(due_at, now) if due_at else "",
        status=_status(case, due_at, fixed, now),
        fixed=fixed,
    )


def _status(case: FaultCase, due_at: datetime | None, fixed: bool, now: datetime) -> Status:
    if fixed:
        return Status(_("Fixed: waiting for the coordinator to confirm"), "ok")
    if case.alarm_acknowledged_at is not None:
        when = human_time(case.alarm_acknowledged_at, now)
        return Status(_("Acknowledged %(when)s") % {"when": when}, "ok")
    if case.mode in STAFF_ON_SITE_MODES and due_at is not None and due_at > now:
        when = human_time(due_at, now)
        return Status(_("Due next working day, %(when)s") % {"when": when}, "neutral")
    if due_at is None:
        return Status(_("New"), "warn")
    at_once = due_at <= case.opened_at
    return countdown(due_at, now, at_once=at_once)
