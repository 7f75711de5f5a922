"""Moments on Stockholm's wall clock, for tests that read like the routine."""

from datetime import datetime

from vredvakt.routine.clock import STOCKHOLM


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, fold: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM, fold=fold)
