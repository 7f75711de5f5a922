"""A case's mode, and the routine's deadlines (R9, R10, R10b).

Everything is decided on Stockholm wall-clock time: the calendar date of the
moment and the coordinators' working hours (#12). A fault at 10:00 on a Friday
is a weekday case, one at 19:30 an out-of-hours case, one at 00:30 on the
Saturday a weekend case.
"""

from datetime import datetime
from enum import StrEnum

from vredvakt.routine.calendar import is_day_off
from vredvakt.routine.clock import at_local_time, to_local
from vredvakt.routine.hours import Team, day_ended, next_start
from vredvakt.routine.parameters import RoutineParameters


class Mode(StrEnum):
    WEEKDAY = "weekday"  # a working day, within or before the coordinators' day
    OUT_OF_HOURS = "out_of_hours"  # R10b: a working day after it, until midnight
    WEEKEND = "weekend"  # R10: weekends, holidays and de facto days off


def mode_at(moment: datetime, params: RoutineParameters) -> Mode:
    # R10: weekends, holidays and de facto days off switch a case to weekend mode.
    if is_day_off(to_local(moment).date(), params):
        return Mode.WEEKEND
    # R10b (#12): once the coordinators' day has ended nobody coordinates until the
    # next morning, which is that day's weekday mode (Monday 06:59 is weekday).
    if day_ended(Team.COORDINATORS, moment, params):
        return Mode.OUT_OF_HOURS
    return Mode.WEEKDAY


def night_patrol_deadline(opened_at: datetime, params: RoutineParameters) -> datetime:
    """R9: the night patrol is messaged by 17:00 the same day, or at once after it."""
    local = to_local(opened_at)
    deadline = at_local_time(local.date(), params.night_patrol_deadline)
    return max(local, deadline)


def alarm_group_takes_over(opened_at: datetime, params: RoutineParameters) -> datetime:
    """R8/R10 (#12): the alarm group acts at once when at work, else at the start of its next day.

    On a day off that is the next working day at `working_day_starts` (R10).
    """
    return next_start(Team.ALARM_GROUP, opened_at, params)
