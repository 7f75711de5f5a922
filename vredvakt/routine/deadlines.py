"""When a case runs in weekend mode, and the routine's deadlines (R9, R10).

Everything is decided on Stockholm wall-clock time and the calendar date of the
moment: a fault at 23:30 on a Friday is a weekday case, one at 00:30 on the
Saturday is a weekend case.
"""

from datetime import datetime
from enum import StrEnum

from vredvakt.routine.calendar import is_day_off, next_working_day
from vredvakt.routine.clock import at_local_time, to_local
from vredvakt.routine.parameters import RoutineParameters


class Mode(StrEnum):
    WEEKDAY = "weekday"
    WEEKEND = "weekend"


def mode_at(moment: datetime, params: RoutineParameters) -> Mode:
    # R10: weekends, holidays and de facto days off switch a case to weekend mode.
    day = to_local(moment).date()
    return Mode.WEEKEND if is_day_off(day, params) else Mode.WEEKDAY


def night_patrol_deadline(opened_at: datetime, params: RoutineParameters) -> datetime:
    """R9: the night patrol is messaged by 17:00 the same day, or at once after it."""
    local = to_local(opened_at)
    deadline = at_local_time(local.date(), params.night_patrol_deadline)
    return max(local, deadline)


def alarm_group_takes_over(opened_at: datetime, params: RoutineParameters) -> datetime:
    """R10: on a day off the alarm group takes the case at the start of the next working day."""
    day = next_working_day(to_local(opened_at).date(), params)
    return at_local_time(day, params.working_day_starts)
