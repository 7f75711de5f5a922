"""Shifts and keys (R1, R2): who is working at a moment, and which spare key they use."""

from datetime import datetime
from enum import StrEnum

from vredvakt.routine.clock import to_local
from vredvakt.routine.parameters import RoutineParameters


class Shift(StrEnum):
    DAY = "day"
    NIGHT = "night"


class KeyKind(StrEnum):
    # Same values as vredvakt.keys.models.KeyKind.
    UNIT_KEY = "unit_key"
    NIGHT_KEY = "night_key"


def shift_at(moment: datetime, params: RoutineParameters) -> Shift:
    """Day from `day_starts` up to (not including) `night_starts`, local time; else night."""
    wall = to_local(moment).time()
    if params.day_starts <= wall < params.night_starts:
        return Shift.DAY
    return Shift.NIGHT


def key_for(shift: Shift) -> KeyKind:
    # R1: day staff use the unit cabinet's key; R2: night staff the night/alarm key.
    return KeyKind.UNIT_KEY if shift is Shift.DAY else KeyKind.NIGHT_KEY
