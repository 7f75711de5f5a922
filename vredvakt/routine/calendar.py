"""The Swedish calendar (R10): which days are days off, and the next working day.

Days off are Saturdays, Sundays and the holidays of the routine's holiday
categories. The default ("public", "de_facto") gives the public holidays plus
julafton, midsommarafton and nyårsafton; påskafton and pingstafton are
Saturdays anyway. "bank" would add half days and klämdagar: not days off unless
a routine version says so.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from vredvakt.routine.parameters import RoutineParameters

SATURDAY = 5


@lru_cache(maxsize=512)
def holidays_in(year: int, categories: tuple[str, ...]) -> frozenset[date]:
    found = holidays.country_holidays(
        "SE", years=year, categories=categories, include_sundays=False
    )
    return frozenset(found.keys())


def is_day_off(day: date, params: RoutineParameters) -> bool:
    if day.weekday() >= SATURDAY:
        return True
    return day in holidays_in(day.year, tuple(params.holiday_categories))


def next_working_day(day: date, params: RoutineParameters) -> date:
    """The first working day strictly after `day`."""
    candidate = day + timedelta(days=1)
    while is_day_off(candidate, params):
        candidate += timedelta(days=1)
    return candidate
