"""The roster's arithmetic, without the database: who covers a moment, what is left uncovered.

Pattern times are Stockholm wall-clock times (vredvakt.routine.clock), so a
period keeps its hours on the nights the clocks change; that night it is an
hour longer or shorter.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from vredvakt.routine.clock import at_local_time, to_local

WEEK = 7


@dataclass(frozen=True)
class WeeklyPeriod:
    weekday: int  # Monday 0
    starts: time
    end_weekday: int
    ends: time
    person_id: int


@dataclass(frozen=True)
class DatedPeriod:
    starts_at: datetime
    ends_at: datetime
    person_id: int


Interval = tuple[datetime, datetime]


def _days_long(period: WeeklyPeriod) -> int:
    days = (period.end_weekday - period.weekday) % WEEK
    if days == 0 and period.ends <= period.starts:
        return WEEK  # same weekday, end not after start: the whole week round
    return days


def occurrence(period: WeeklyPeriod, start_day: date) -> Interval:
    """The period starting on `start_day` (which must be its weekday)."""
    end_day = start_day + timedelta(days=_days_long(period))
    return at_local_time(start_day, period.starts), at_local_time(end_day, period.ends)


def _latest_start_day(period: WeeklyPeriod, moment: datetime) -> date:
    local = to_local(moment)
    day = local.date() - timedelta(days=(local.weekday() - period.weekday) % WEEK)
    if at_local_time(day, period.starts) > local:
        day -= timedelta(days=WEEK)
    return day


def covers(period: WeeklyPeriod, moment: datetime) -> bool:
    # A period lasts at most a week, so only its latest start can cover the moment.
    starts_at, ends_at = occurrence(period, _latest_start_day(period, moment))
    return starts_at <= moment < ends_at


def on_call_at(
    pattern: Iterable[WeeklyPeriod], exceptions: Sequence[DatedPeriod], moment: datetime
) -> int | None:
    """Who is on call at `moment`: an exception first (the latest listed wins), else the pattern."""
    for exception in reversed(exceptions):
        if exception.starts_at <= moment < exception.ends_at:
            return exception.person_id
    for period in pattern:
        if covers(period, moment):
            return period.person_id
    return None


def occurrences(pattern: Iterable[WeeklyPeriod], start: datetime, end: datetime) -> list[Interval]:
    """Every occurrence of the pattern that overlaps [start, end)."""
    found = []
    for period in pattern:
        day = _latest_start_day(period, start)
        while True:
            starts_at, ends_at = occurrence(period, day)
            if starts_at >= end:
                break
            if ends_at > start:
                found.append((starts_at, ends_at))
            day += timedelta(days=WEEK)
    return found


def uncovered(
    pattern: Iterable[WeeklyPeriod],
    exceptions: Iterable[DatedPeriod],
    start: datetime,
    end: datetime,
) -> list[Interval]:
    """The parts of [start, end) that neither the pattern nor an exception covers."""
    covering = occurrences(pattern, start, end)
    covering += [(e.starts_at, e.ends_at) for e in exceptions]
    gaps, cursor = [], start
    for starts_at, ends_at in sorted(covering):
        if starts_at > cursor:
            gaps.append((cursor, min(starts_at, end)))
        cursor = max(cursor, ends_at)
        if cursor >= end:
            break
    if cursor < end:
        gaps.append((cursor, end))
    return [(s, e) for s, e in gaps if s < e]
