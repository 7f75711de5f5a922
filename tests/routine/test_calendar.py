from datetime import date

import pytest

from vredvakt.routine.calendar import holidays_in, is_day_off, next_working_day
from vredvakt.routine.parameters import RoutineParameters

DEFAULT = RoutineParameters()


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # nyårsdagen
        date(2026, 1, 6),  # trettondedag jul
        date(2026, 4, 3),  # långfredag
        date(2026, 4, 6),  # annandag påsk
        date(2026, 5, 1),  # första maj
        date(2026, 5, 14),  # Kristi himmelsfärds dag
        date(2025, 6, 6),  # nationaldagen (a Friday in 2025)
        date(2026, 6, 19),  # midsommarafton (de facto)
        date(2026, 12, 24),  # julafton (de facto)
        date(2026, 12, 25),  # juldagen
        date(2026, 12, 31),  # nyårsafton (de facto)
    ],
)
def test_swedish_holidays_and_their_eves_are_days_off(day):
    assert is_day_off(day, DEFAULT)


def test_saturdays_and_sundays_are_days_off():
    assert is_day_off(date(2026, 6, 13), DEFAULT)
    assert is_day_off(date(2026, 6, 14), DEFAULT)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 6, 12),  # an ordinary Friday
        date(2026, 4, 2),  # skärtorsdag: a half day at most
        date(2026, 4, 30),  # valborgsmässoafton
        date(2026, 5, 15),  # klämdag after Kristi himmelsfärd
        date(2026, 6, 18),  # the day before midsommarafton
    ],
)
def test_eves_and_bridge_days_that_are_not_days_off_are_working_days(day):
    assert not is_day_off(day, DEFAULT)


def test_a_routine_without_de_facto_days_off_works_on_midsommarafton():
    public_only = RoutineParameters(holiday_categories=("public",))
    assert not is_day_off(date(2026, 6, 19), public_only)
    assert is_day_off(date(2026, 6, 20), public_only)


def test_a_routine_that_counts_bank_half_days_takes_skartorsdag_off():
    with_bank = RoutineParameters(holiday_categories=("public", "de_facto", "bank"))
    assert is_day_off(date(2026, 4, 2), with_bank)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 16), date(2026, 6, 17)),  # Tuesday → Wednesday
        (date(2026, 6, 12), date(2026, 6, 15)),  # Friday → Monday
        (date(2026, 6, 13), date(2026, 6, 15)),  # Saturday → Monday
        (date(2026, 6, 18), date(2026, 6, 22)),  # before midsommarafton → Monday
        (date(2026, 4, 2), date(2026, 4, 7)),  # skärtorsdag → after annandag påsk (Monday)
        (date(2026, 4, 3), date(2026, 4, 7)),  # långfredag → Tuesday
        (date(2026, 5, 13), date(2026, 5, 15)),  # Kristi himmelsfärd skipped; klämdag works
        (date(2026, 12, 23), date(2026, 12, 28)),  # julafton, juldagen, weekend
        (date(2026, 12, 30), date(2027, 1, 4)),  # nyårsafton, nyårsdagen, across the year
    ],
)
def test_next_working_day_skips_weekends_and_holidays(day, expected):
    assert next_working_day(day, DEFAULT) == expected


def test_next_working_day_is_strictly_after_the_day():
    assert next_working_day(date(2026, 6, 16), DEFAULT) > date(2026, 6, 16)


def test_the_longest_wait_is_six_days_when_julafton_is_a_monday():
    # Friday 2029-12-21: weekend, julafton, juldagen, annandag jul.
    assert next_working_day(date(2029, 12, 21), DEFAULT) == date(2029, 12, 27)


def test_holidays_are_looked_up_once_per_year():
    holidays_in.cache_clear()
    for day in range(1, 29):
        is_day_off(date(2031, 2, day), DEFAULT)
    assert holidays_in.cache_info().misses == 1
