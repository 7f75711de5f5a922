"""Fault cases of the period: by cause, by lock, over time, and how long until restored."""

from collections import Counter
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.utils.translation import gettext as _

from vredvakt.reports.figures.base import (
    Cause,
    Row,
    Units,
    area_label,
    cases_opened,
    cause_label,
    lock_label,
    with_causes,
)
from vredvakt.reports.percentiles import hours, median, percentile
from vredvakt.routine.clock import to_local

# Up to this many days the chart over time has a bar per day, beyond it one per week.
DAILY_UP_TO_DAYS = 31


def cases_by_cause(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(cause, cases): every cause listed, also with no cases."""
    counts = Counter(cause for _case, cause in with_causes(cases_opened(units, start, end)))
    return [(cause_label(cause), counts[cause]) for cause in Cause.ORDER]


def cases_by_lock(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(vendor and model, area, cases), most cases first; cases without a lock on their own row."""
    rows = (
        cases_opened(units, start, end)
        .values("lock__vendor", "lock__model", "lock__area")
        .annotate(cases=Count("pk"))
        .order_by("-cases", "lock__vendor", "lock__model", "lock__area")
    )
    return [
        (
            lock_label(r["lock__vendor"], r["lock__model"]),
            area_label(r["lock__area"]) if r["lock__vendor"] else None,
            r["cases"],
        )
        for r in rows
    ]


def restore_times(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(cause, restored cases, median hours, 90th percentile hours) from report to restored.

    Over the cases opened in the period that work again (R7) by `now`; the last
    row is all of them together.
    """
    waits: dict[str, list[timedelta]] = {cause: [] for cause in Cause.ORDER}
    for case, cause in with_causes(cases_opened(units, start, end)):
        if case.restored_at is not None and case.restored_at <= now:
            waits[cause].append(case.restored_at - case.opened_at)
    every = [w for cause in Cause.ORDER for w in waits[cause]]
    rows: list[Row] = [_times(cause_label(cause), waits[cause]) for cause in Cause.ORDER]
    rows.append(_times(_("All causes"), every))
    return rows


def _times(label: str, waits: list[timedelta]) -> Row:
    return (label, len(waits), hours(median(waits)), hours(percentile(waits, 90)))


def cases_over_time(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(day or week's Monday, cases opened): a bar per day, per week in long periods."""
    first, last = to_local(start).date(), to_local(end - timedelta(microseconds=1)).date()
    weekly = (last - first).days + 1 > DAILY_UP_TO_DAYS
    buckets: Counter[date] = Counter()
    for opened_at in cases_opened(units, start, end).values_list("opened_at", flat=True):
        buckets[_bucket(to_local(opened_at).date(), weekly)] += 1
    day, step = _bucket(first, weekly), timedelta(days=7 if weekly else 1)
    rows: list[Row] = []
    while day <= last:
        rows.append((day.isoformat(), buckets[day]))
        day += step
    return rows


def _bucket(day: date, weekly: bool) -> date:
    return day - timedelta(days=day.weekday()) if weekly else day
