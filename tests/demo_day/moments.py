"""The moments of demo day, each with what the routine says about it, worked out by hand.

Every expectation here is written from RULES.md and the Swedish calendar, not
computed by the product's own code: R1/R2 (day shift 07:00–22:00: the unit
key; else the night/alarm key), R8 (the alarm group acts at once while it
works, 08:00–16:00 on working days, else at its next 08:00), R9 (the night
patrol by 17:00 the same day on a weekday), R10 (a weekend or holiday, julafton
included: the staff on site tell the night patrol at once; the alarm group
takes it at 08:00 on the next working day) and R10b (#12: the same out of
hours, after the coordinators' 17:00 on a working day until midnight).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import holidays

from vredvakt.routine.clock import STOCKHOLM


def local(*parts: int, fold: int = 0) -> datetime:
    """The instant a Stockholm wall clock names, in UTC.

    In UTC because Python never finds a Stockholm time in the repeated or the
    skipped hour equal to any time in another zone (PEP 495), not even itself.
    """
    year, month, day, hour, minute = parts
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM, fold=fold).astimezone(UTC)


@dataclass(frozen=True)
class Expected:
    """What the routine wants of a fault reported at one moment."""

    mode: str  # "weekday", "out_of_hours" (R10b) or "weekend" (R10)
    shift: str  # "day" (R1) or "night" (R2)
    night_patrol_due: datetime  # R9 on a weekday; R10/R10b at once otherwise
    alarm_group_due: datetime  # R8 at once while it works; else its next working day 08:00

    @property
    def weekend(self) -> bool:
        return self.mode == "weekend"

    @property
    def staff_on_site(self) -> bool:
        """R10, R10b: no coordinator at work, so the staff on site tell the patrol."""
        return self.mode != "weekday"

    @property
    def key_kind(self) -> str:
        return "unit_key" if self.shift == "day" else "night_key"


@dataclass(frozen=True)
class Moment:
    name: str
    at: datetime  # the instant, in UTC
    expected: Expected

    @property
    def wall_clock(self) -> str:
        """The time people read on the pages, e.g. "03:30" for the skipped 02:30."""
        return wall_clock(self.at)

    def __str__(self) -> str:
        return self.name


def wall_clock(moment: datetime) -> str:
    return moment.astimezone(UTC).astimezone(STOCKHOLM).strftime("%H:%M")


def _weekday(
    name: str, at: datetime, *, shift: str = "day", alarm_group_due: datetime | None = None
) -> Moment:
    wall = at.astimezone(STOCKHOLM)
    deadline = local(wall.year, wall.month, wall.day, 17, 0)
    expected = Expected("weekday", shift, max(at, deadline), alarm_group_due or at)
    return Moment(name, at, expected)


def _out_of_hours(name: str, at: datetime, shift: str, alarm_group_due: datetime) -> Moment:
    return Moment(name, at, Expected("out_of_hours", shift, at, alarm_group_due))


def _day_off(name: str, at: datetime, shift: str, alarm_group_due: datetime) -> Moment:
    return Moment(name, at, Expected("weekend", shift, at, alarm_group_due))


MOMENTS = (
    _weekday("tuesday-0930", local(2026, 12, 8, 9, 30)),
    # The alarm group's day ended at 16:00: the case is theirs Wednesday 08:00 (R8, #12).
    _weekday("tuesday-1659", local(2026, 12, 8, 16, 59), alarm_group_due=local(2026, 12, 9, 8, 0)),
    # Monday before anyone starts: the night shift's key; the alarm group's 08:00, not 06:59.
    _weekday(
        "monday-0659",
        local(2026, 12, 7, 6, 59),
        shift="night",
        alarm_group_due=local(2026, 12, 7, 8, 0),
    ),
    # After the coordinators' 17:00: out of hours until midnight (R10b).
    _out_of_hours("tuesday-1701", local(2026, 12, 8, 17, 1), "day", local(2026, 12, 9, 8, 0)),
    _out_of_hours("tuesday-1930", local(2026, 12, 8, 19, 30), "day", local(2026, 12, 9, 8, 0)),
    _out_of_hours("friday-1930", local(2026, 12, 4, 19, 30), "day", local(2026, 12, 7, 8, 0)),
    _out_of_hours("tuesday-2330", local(2026, 12, 8, 23, 30), "night", local(2026, 12, 9, 8, 0)),
    # Julafton's eve (a Wednesday): the next working day is Monday 28 December.
    _out_of_hours(
        "julafton-eve-1930", local(2026, 12, 23, 19, 30), "day", local(2026, 12, 28, 8, 0)
    ),
    # Saturday: the alarm group takes it Monday 7 December at 08:00.
    _day_off("saturday-1100", local(2026, 12, 5, 11, 0), "day", local(2026, 12, 7, 8, 0)),
    # Sunday 23:59: the same Monday 08:00 as Monday 06:59 (#12).
    _day_off("sunday-2359", local(2026, 12, 6, 23, 59), "night", local(2026, 12, 7, 8, 0)),
    # Julafton (a Thursday) is a de facto day off; then juldagen, annandag jul
    # (a Saturday) and the Sunday: the next working day is Monday 28 December.
    _day_off("julafton-1000", local(2026, 12, 24, 10, 0), "day", local(2026, 12, 28, 8, 0)),
    # 02:30 does not exist on 2027-03-28: the clocks jump from 02:00 to 03:00, so
    # that instant reads 03:30 on the wall. Påskdagen; annandag påsk (Monday 29th)
    # is a holiday too, so the alarm group takes it on Tuesday at 08:00.
    _day_off(
        "spring-forward-0230",
        local(2027, 3, 28, 2, 30),
        "night",
        local(2027, 3, 30, 8, 0),
    ),
    # 02:30 on 2026-10-25 happens twice: first on summer time, then on winter time.
    _day_off(
        "autumn-back-0230-first",
        local(2026, 10, 25, 2, 30),
        "night",
        local(2026, 10, 26, 8, 0),
    ),
    _day_off(
        "autumn-back-0230-second",
        local(2026, 10, 25, 2, 30, fold=1),
        "night",
        local(2026, 10, 26, 8, 0),
    ),
)


def by_the_rules(opened: datetime) -> Expected:
    """RULES.md applied to any moment, for the test at today's real clock.

    The calendar is Sweden's public holidays plus the de facto days off
    (julafton, midsommarafton, nyårsafton), as R10 asks; the rest is R1, R2,
    R8, R9 and R10b with the default working hours (coordinators 07:00–17:00,
    the alarm group 08:00–16:00).
    """
    opened = opened.astimezone(UTC)
    local_time = opened.astimezone(STOCKHOLM)
    today = local_time.date()
    shift = "day" if time(7) <= local_time.time() < time(22) else "night"
    if _is_day_off(today):
        return Expected("weekend", shift, opened, _at(_next_working_day(today), time(8)))
    if local_time.time() >= time(17):  # R10b: after the coordinators' day
        return Expected("out_of_hours", shift, opened, _at(_next_working_day(today), time(8)))
    # R8: the coordinator informs the alarm group from 07:00; it acts 08:00–16:00.
    informed = max(opened, _at(today, time(7)))
    if informed < _at(today, time(8)):
        alarm_group_due = _at(today, time(8))
    elif informed < _at(today, time(16)):
        alarm_group_due = informed
    else:
        alarm_group_due = _at(_next_working_day(today), time(8))
    return Expected("weekday", shift, max(opened, _at(today, time(17))), alarm_group_due)


def _next_working_day(day: date) -> date:
    following = day + timedelta(days=1)
    while _is_day_off(following):
        following += timedelta(days=1)
    return following


def _is_day_off(day: date) -> bool:
    calendar = holidays.country_holidays("SE", years=day.year, categories=("public", "de_facto"))
    return day.weekday() >= 5 or day in calendar


def _at(day: date, wall: time) -> datetime:
    return datetime.combine(day, wall, tzinfo=STOCKHOLM).astimezone(UTC)
