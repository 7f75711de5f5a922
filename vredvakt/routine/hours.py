"""Who is at work when: the coordinators' day and the alarm group's day (#12).

Both work on working days only (R10's calendar), between hours that a routine
version sets: by default coordinators 07:00–17:00 and the alarm group
08:00–16:00 (R8 "under sin arbetsdag"). A step for one of them is never due
before the start of their next day at work.
"""

from datetime import datetime, time
from enum import StrEnum

from vredvakt.routine.calendar import is_day_off, next_working_day
from vredvakt.routine.clock import at_local_time, to_local
from vredvakt.routine.parameters import RoutineParameters


class Team(StrEnum):
    COORDINATORS = "coordinators"
    ALARM_GROUP = "alarm_group"


def working_hours(team: Team, params: RoutineParameters) -> tuple[time, time]:
    if team is Team.COORDINATORS:
        return params.coordinator_day_starts, params.coordinator_day_ends
    return params.working_day_starts, params.alarm_group_day_ends


def at_work(team: Team, moment: datetime, params: RoutineParameters) -> bool:
    """Whether `team` is at work at `moment` (a working day, within its hours)."""
    local = to_local(moment)
    starts, ends = working_hours(team, params)
    if is_day_off(local.date(), params):
        return False
    return at_local_time(local.date(), starts) <= local < at_local_time(local.date(), ends)


def next_start(team: Team, moment: datetime, params: RoutineParameters) -> datetime:
    """`moment` itself when `team` is at work, else the start of its next day at work."""
    if at_work(team, moment, params):
        return to_local(moment)
    local = to_local(moment)
    starts, _ = working_hours(team, params)
    today_start = at_local_time(local.date(), starts)
    if not is_day_off(local.date(), params) and local < today_start:
        return today_start
    return at_local_time(next_working_day(local.date(), params), starts)


def day_ended(team: Team, moment: datetime, params: RoutineParameters) -> bool:
    """After `team`'s hours on a working day (the evening and night after it)."""
    local = to_local(moment)
    _, ends = working_hours(team, params)
    return not is_day_off(local.date(), params) and local >= at_local_time(local.date(), ends)
