"""When a signed-out key is due back (R1, R2, R5).

Pure: the moment and the routine's parameters in, an aware moment out. A key is
due at the end of the shift it was taken in: the day shift ends at
`night_starts`, the night shift at `day_starts` the next morning (or this
morning, for a key taken after midnight). Wall-clock times, so a night across a
daylight-saving change is an hour shorter or longer.

A key taken near a shift's end would be due (and overdue, with messages) within
minutes (#13: taken at 21:59, due at 22:00), so a loan always gets at least
`key_loan_min_minutes` of real time: when the shift ends sooner, the key follows
the worker into the next shift and is due at its end.
"""

from datetime import UTC, datetime, timedelta

from vredvakt.routine.clock import at_local_time, to_local
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine.shifts import Shift, shift_at


def shift_ends_at(moment: datetime, params: RoutineParameters) -> datetime:
    local = to_local(moment)
    if shift_at(moment, params) is Shift.DAY:
        return at_local_time(local.date(), params.night_starts)
    if local.time() >= params.night_starts:
        return at_local_time(local.date() + timedelta(days=1), params.day_starts)
    return at_local_time(local.date(), params.day_starts)


def key_due_back(taken_at: datetime, params: RoutineParameters) -> datetime:
    """The end of the first shift that leaves at least the minimum loan time (R5)."""
    minimum = timedelta(minutes=params.key_loan_min_minutes)
    due = shift_ends_at(taken_at, params)
    # Elapsed time in UTC: subtracting two Stockholm times would ignore a DST change.
    while _elapsed(taken_at, due) < minimum:
        due = shift_ends_at(due, params)
    return due


def _elapsed(start: datetime, end: datetime) -> timedelta:
    return end.astimezone(UTC) - start.astimezone(UTC)
