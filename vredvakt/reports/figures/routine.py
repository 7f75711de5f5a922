"""How the routine was kept: the night-patrol message (R9, R10), out-of-hours and weekend cases."""

from collections import Counter
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vredvakt.accounts.models import Membership, Role
from vredvakt.cases.models import CaseMode, CaseStep, FaultCase, TimelineEntry
from vredvakt.cases.services.timeline import EntryKind
from vredvakt.cases.steps import StepCode
from vredvakt.reports.figures.base import Row, Units, cases_opened
from vredvakt.reports.percentiles import hours, median, percentile


class Patrol:
    ON_TIME = "on_time"
    LATE = "late"
    MISSED = "missed"
    NOT_NEEDED = "not_needed"
    NOT_YET_DUE = "not_yet_due"

    ORDER = (ON_TIME, LATE, MISSED, NOT_NEEDED, NOT_YET_DUE)
    # The outcomes that count towards the share sent before the deadline.
    DECIDED = (ON_TIME, LATE, MISSED)


def night_patrol_outcome(
    done_at: datetime | None, due_at: datetime, restored_at: datetime | None, now: datetime
) -> str:
    """R9/R10: was the night patrol told before the step's deadline (17:00 on a working day)?"""
    if done_at is not None:
        return Patrol.ON_TIME if done_at <= due_at else Patrol.LATE
    if restored_at is not None and restored_at <= min(due_at, now):
        return Patrol.NOT_NEEDED  # the door worked again before the message was due
    return Patrol.MISSED if due_at <= now else Patrol.NOT_YET_DUE


def night_patrol_messages(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(outcome, cases, share % of the decided ones) for the cases opened in the period."""
    steps = CaseStep.objects.filter(
        code=StepCode.MESSAGE_NIGHT_PATROL,
        due_at__isnull=False,
        case__in=cases_opened(units, start, end),
    ).values_list("done_at", "due_at", "case__restored_at")
    counts = Counter(night_patrol_outcome(d, due, r, now) for d, due, r in steps if due)
    decided = sum(counts[o] for o in Patrol.DECIDED)
    labels = {
        Patrol.ON_TIME: _("Sent before the deadline"),
        Patrol.LATE: _("Sent after the deadline"),
        Patrol.MISSED: _("Not sent, deadline passed"),
        Patrol.NOT_NEEDED: _("Not needed: worked again before the deadline"),
        Patrol.NOT_YET_DUE: _("Deadline not reached yet"),
    }
    return [
        (labels[o], counts[o], _share(counts[o], decided) if o in Patrol.DECIDED else None)
        for o in Patrol.ORDER
    ]


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# Who acts on a case out of hours: the coordinators and, on call, the unit managers (oncall).
ACTING_ROLES = (Role.COORDINATOR, Role.UNIT_MANAGER)
# Entries written by the report itself are not someone acting on it.
NOT_ACTIONS = (EntryKind.REPORTED, EntryKind.REPORTED_AGAIN, EntryKind.DECISION_CHECKED)


def off_hours_cases(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(mode, cases, acted on, median hours waited, 90th percentile hours waited).

    Waited: from the case's opening to the first timeline entry, other than the
    report itself, written by a coordinator or unit manager (the people on call
    out of hours). Cases nobody has acted on by `now` count in "cases" only.
    """
    rows: list[Row] = []
    modes = (
        (CaseMode.OUT_OF_HOURS, _("Out of hours")),
        (CaseMode.WEEKEND, _("Weekend or holiday")),
    )
    for mode, label in modes:
        chosen = cases_opened(units, start, end).filter(mode=mode)
        cases = list(chosen.values_list("pk", "opened_at"))
        first = _first_actions(chosen, now)
        waits = [first[pk] - opened for pk, opened in cases if pk in first]
        wait_median, wait_p90 = hours(median(waits)), hours(percentile(waits, 90))
        rows.append((label, len(cases), len(waits), wait_median, wait_p90))
    return rows


def _first_actions(cases: QuerySet[FaultCase], now: datetime) -> dict[int, datetime]:
    actors = Membership.objects.filter(role__in=ACTING_ROLES).values("user_id")
    entries = (
        TimelineEntry.objects.filter(case__in=cases, actor_id__in=actors, at__lte=now)
        .exclude(kind__in=NOT_ACTIONS)
        .values_list("case_id", "at")
        .order_by("at", "id")
    )
    first: dict[int, datetime] = {}
    for case_id, at in entries:
        first.setdefault(case_id, at)
    return first
