"""When a signed-out key is due back (R1, R2, R5): the end of the shift it was taken in.

Pure: the moment and the routine's parameters in, an aware moment out. The day
shift ends at `night_starts`; the night shift ends at `day_starts` the next
morning (or this morning, for a key taken after midnight). Wall-clock times,
so a night across a daylight-saving change is an hour shorter or longer.
"""

from datetime import datetime, timedelta

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
