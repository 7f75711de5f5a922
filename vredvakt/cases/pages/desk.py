"""The coordinator's desk: open cases of my units, most urgent first (R4, R7, R8, R9)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    DateTimeField,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from vredvakt.accounts.access import AnyUser, memberships_of, sees_all_units
from vredvakt.accounts.models import Role, Unit
from vredvakt.cases.access import can_coordinate, cases_visible_to, coordinated_unit_ids
from vredvakt.cases.models import (
    CaseStatus,
    CaseStep,
    FaultCase,
    NightPatrolMessage,
)
from vredvakt.cases.pages import case_page
from vredvakt.cases.pages.display import Status, countdown
from vredvakt.cases.pages.outage_blocks import outage_block_head
from vredvakt.cases.services.night_patrol import cases_for_night_patrol
from vredvakt.cases.services.timeline import EntryKind
from vredvakt.cases.steps import TRACKED, StepCode, waits_for_decision
from vredvakt.lib.humane import human_time

# The deadlines a row counts down to; the alarm group's own step shows as its status.
DESK_DEADLINES: dict[str, Promise] = {
    StepCode.CONTACT_NEEDS_ASSESSOR: pgettext_lazy("deadline of", "Needs assessor"),
    StepCode.INFORM_ALARM_GROUP: pgettext_lazy("deadline of", "Inform the alarm group"),
    StepCode.MESSAGE_NIGHT_PATROL: pgettext_lazy("deadline of", "Night patrol"),
}
# The deadlines that order the desk: those a row counts down to that are tracked.
URGENT_STEPS = [code for code in DESK_DEADLINES if code in TRACKED]
# The steps a row reads: its deadlines, which are also the alarm group's (R8), the
# needs assessor's (R4) and the night patrol's (R9). A case has more; building
# them all for every row made the desk the dearest page of an outage day (#16).
ROW_STEPS = sorted(DESK_DEADLINES)
# Cases a page of the desk shows; the rest are on the next pages, most urgent first.
DESK_PAGE_SIZE = 300


@dataclass
class DeskRow:
    case: FaultCase
    opened: str
    statuses: list[Status] = field(default_factory=list)
    proposed: str = ""
    may_act: bool = False
    may_inform: bool = False


@dataclass
class OutageGroup:
    """The open cases of one major outage: one block on the desk, not a card each (#13)."""

    outage_id: int
    head: SafeString
    rows: list[DeskRow]


@dataclass
class DeskPage:
    """One page of the desk's cases, and where it sits among all of them."""

    rows: list[DeskRow]
    page: Page[FaultCase]
    groups: list[OutageGroup] = field(default_factory=list)

    @property
    def single(self) -> list[DeskRow]:
        """The rows that are not in an outage's block."""
        grouped = {row.case.pk for group in self.groups for row in group.rows}
        return [row for row in self.rows if row.case.pk not in grouped]

    @property
    def summary(self) -> str:
        return page_summary(self.page)


@dataclass
class PatrolSummary:
    """R9: per unit, how many cases wait for the night patrol, and the 17:00 status."""

    unit: Unit
    count: int
    status: Status | None
    last_sent: str


def desk_scope(user: AnyUser) -> QuerySet[FaultCase] | None:
    """Cases on the user's desk; None when the user coordinates no unit (not their page)."""
    cases = cases_visible_to(user)
    units = coordinated_unit_ids(user)
    if units is None or sees_all_units(user):
        return cases
    if not units:
        return None
    return cases.filter(unit_id__in=units)


def desk_units(user: AnyUser, cases: QuerySet[FaultCase]) -> list[Unit]:
    units = coordinated_unit_ids(user)
    if units is None or sees_all_units(user):
        return list(Unit.objects.filter(cases__in=cases.filter(status=CaseStatus.OPEN)).distinct())
    # The memberships carry their units already: no query on every view of the desk (#16).
    coordinated = {m.unit_id: m.unit for m in memberships_of(user) if m.unit_id in units}
    return sorted(coordinated.values(), key=lambda unit: unit.name)


def desk_rows(
    user: AnyUser, cases: QuerySet[FaultCase], now: datetime, page: str | int | None = 1
) -> DeskPage:
    active = (
        by_urgency(cases.filter(status__in=[CaseStatus.OPEN, CaseStatus.RESTORED]))
        # A card names the client only: not the lock, the unit or the routine version
        # (its parameters are JSON to decode on every row), which the case page shows.
        .select_related(None)
        .select_related("client")
        .annotate(fixed_at=case_page.first_entry_at(EntryKind.FIXED))
        .prefetch_related(Prefetch("steps", queryset=CaseStep.objects.filter(code__in=ROW_STEPS)))
    )
    paginator: Paginator[FaultCase] = Paginator(active, DESK_PAGE_SIZE)
    shown = paginator.get_page(page)
    rows = [_row(user, case, now) for case in shown]
    return DeskPage(rows=rows, page=shown, groups=outage_groups(user, rows))


def outage_groups(user: AnyUser, rows: list[DeskRow]) -> list[OutageGroup]:
    """The open cases of each major outage, in the order their first case appears."""
    groups: dict[int, list[DeskRow]] = {}
    for row in rows:
        outage_id = row.case.major_outage_id
        if outage_id is not None and row.case.status == CaseStatus.OPEN:
            groups.setdefault(outage_id, []).append(row)
    return [
        OutageGroup(outage_id, outage_block_head(user, outage_id), grouped)
        for outage_id, grouped in groups.items()
    ]


def by_urgency(cases: QuerySet[FaultCase]) -> QuerySet[FaultCase]:
    """Most urgent first, ordered by the database so that no case falls off the desk.

    Open before restored (R7); the nearest pending deadline first, so the most
    overdue leads (R4, R8, R9); cases with none after; then the newest.
    """
    pending = (
        CaseStep.objects.filter(
            case=OuterRef("pk"), code__in=URGENT_STEPS, done_at__isnull=True, due_at__isnull=False
        )
        .order_by()
        .values("case")
        .annotate(first=Min("due_at"))
        .values("first")
    )
    is_open = Q(status=CaseStatus.OPEN)
    return cases.annotate(
        restored_last=Case(When(is_open, then=Value(0)), default=Value(1)),
        next_deadline=Case(
            When(is_open, then=Subquery(pending)), default=None, output_field=DateTimeField()
        ),
    ).order_by("restored_last", F("next_deadline").asc(nulls_last=True), "-opened_at", "-pk")


def page_summary(page: Page[FaultCase]) -> str:
    """Where the page sits, as "Showing 300 of 412 cases – 112 more"; empty if all fit."""
    if not page.has_other_pages():
        return ""
    total = page.paginator.count
    first, last, more = page.start_index(), page.end_index(), total - page.end_index()
    if page.number == 1:
        values = {"shown": last, "total": total, "more": more}
        return _("Showing %(shown)d of %(total)d cases – %(more)d more") % values
    if first == last:
        return _("Showing case %(number)d of %(total)d") % {"number": first, "total": total}
    values = {"first": first, "last": last, "total": total, "more": more}
    if more:
        return _("Showing cases %(first)d–%(last)d of %(total)d – %(more)d more") % values
    return _("Showing cases %(first)d–%(last)d of %(total)d") % values


def _row(user: AnyUser, case: FaultCase, now: datetime) -> DeskRow:
    steps = list(case.steps.all())
    pending = _pending_deadlines(case, steps)
    row = DeskRow(
        case=case,
        opened=human_time(case.opened_at, now),
        may_act=can_coordinate(user, case),
    )
    for step in pending:
        assert step.due_at is not None
        status = countdown(step.due_at, now, at_once=step.due_at <= case.opened_at)
        task = DESK_DEADLINES[step.code]
        text = _("%(task)s: %(status)s") % {"task": task, "status": status.text}
        row.statuses.append(Status(text, status.level))
    row.statuses += _done_notes(steps, now)
    row.statuses.append(case_page.alarm_status(case, steps, getattr(case, "fixed_at", None), now))
    row.statuses += case_page.decision_flags(case, steps)
    if case.status == CaseStatus.RESTORED:
        row.statuses.insert(0, case_page.case_status(case))
    if case.status == CaseStatus.OPEN and case.restore_proposed_at is not None:
        row.proposed = human_time(case.restore_proposed_at, now)
    # R4 (#13): with an expired decision the needs assessor comes first, not the alarm group.
    row.may_inform = (
        row.may_act
        and not case.access_revoked
        and any(s.code == StepCode.INFORM_ALARM_GROUP and not s.is_done for s in steps)
    )
    return row


def _pending_deadlines(case: FaultCase, steps: list[CaseStep]) -> list[CaseStep]:
    if case.status != CaseStatus.OPEN:
        return []
    return [
        s
        for s in steps
        if s.code in DESK_DEADLINES
        and s.code in TRACKED
        and not s.is_done
        and s.due_at
        and not waits_for_decision(s.code, access_revoked=case.access_revoked)
        and not _told_on_site(s)
    ]


def _told_on_site(step: CaseStep) -> bool:
    """R10/R10b (#12): on days off and after the coordinators' day, those on site tell the
    night patrol, which also finds the case on tonight's list: not a deadline of the desk."""
    return step.code == StepCode.MESSAGE_NIGHT_PATROL and step.role != Role.COORDINATOR


def _done_notes(steps: list[CaseStep], now: datetime) -> list[Status]:
    told = next((s for s in steps if s.code == StepCode.MESSAGE_NIGHT_PATROL and s.is_done), None)
    if told is None or told.done_at is None:
        return []
    when = human_time(told.done_at, now)
    return [Status(_("Night patrol: messaged %(when)s") % {"when": when}, "ok")]


def patrol_summaries(units: list[Unit], now: datetime) -> list[PatrolSummary]:
    summaries = []
    for unit in units:
        waiting = cases_for_night_patrol(unit)
        due = (
            CaseStep.objects.filter(
                case__in=waiting,
                code=StepCode.MESSAGE_NIGHT_PATROL,
                done_at__isnull=True,
                role=Role.COORDINATOR,  # R9's 17:00 only; R10/R10b's are for those on site
            )
            .order_by("due_at")
            .values_list("due_at", flat=True)
            .first()
        )
        last = NightPatrolMessage.objects.filter(unit=unit).first()
        summaries.append(
            PatrolSummary(
                unit=unit,
                count=waiting.count(),
                status=_deadline(due, now) if due else None,
                last_sent=human_time(last.sent_at, now) if last else "",
            )
        )
    return summaries


def _deadline(due: datetime, now: datetime) -> Status:
    """R9: "Deadline at 17:00 – in 3 h 18 min", or "Missed 17:00"."""
    status = countdown(due, now)
    if status.level == "bad":
        return status
    text = _("Deadline %(when)s – %(left)s") % {"when": human_time(due, now), "left": status.text}
    return Status(text, status.level)
