from datetime import UTC, datetime, time

import pytest

from tests.routine.times import local
from vredvakt.routine.deadlines import Mode, mode_at
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine.shifts import KeyKind, Shift, key_for, shift_at

DEFAULT = RoutineParameters()


@pytest.mark.parametrize(
    ("hour", "minute", "shift"),
    [
        (6, 59, Shift.NIGHT),
        (7, 0, Shift.DAY),
        (12, 0, Shift.DAY),
        (21, 59, Shift.DAY),
        (22, 0, Shift.NIGHT),
        (0, 0, Shift.NIGHT),
    ],
)
def test_the_shift_follows_the_routines_hours(hour, minute, shift):
    assert shift_at(local(2026, 6, 16, hour, minute), DEFAULT) is shift


def test_shift_hours_come_from_the_routine_version():
    early = RoutineParameters(day_starts=time(6, 30), night_starts=time(21, 30))
    assert shift_at(local(2026, 6, 16, 6, 45), early) is Shift.DAY
    assert shift_at(local(2026, 6, 16, 21, 45), early) is Shift.NIGHT


def test_the_shift_is_judged_on_stockholm_time_not_utc():
    # 05:30Z is 07:30 in Stockholm in summer.
    assert shift_at(datetime(2026, 6, 16, 5, 30, tzinfo=UTC), DEFAULT) is Shift.DAY


def test_day_staff_use_the_unit_key_and_night_staff_the_night_key():
    assert key_for(Shift.DAY) is KeyKind.UNIT_KEY  # R1
    assert key_for(Shift.NIGHT) is KeyKind.NIGHT_KEY  # R2


def test_both_occurrences_of_the_repeated_autumn_hour_are_night():
    assert shift_at(local(2026, 10, 25, 2, 30, fold=0), DEFAULT) is Shift.NIGHT
    assert shift_at(local(2026, 10, 25, 2, 30, fold=1), DEFAULT) is Shift.NIGHT


def test_a_friday_evening_is_out_of_hours():
    # #12 (R10b): after the coordinators' day a working day's evening is out of hours.
    assert mode_at(local(2026, 6, 12, 19, 30), DEFAULT) is Mode.OUT_OF_HOURS
    assert mode_at(local(2026, 6, 12, 23, 59), DEFAULT) is Mode.OUT_OF_HOURS


def test_the_night_into_a_saturday_turns_to_weekend_at_midnight():
    assert mode_at(local(2026, 6, 13, 0, 0), DEFAULT) is Mode.WEEKEND


def test_saturday_sunday_and_holidays_are_weekend_mode():
    assert mode_at(local(2026, 6, 13, 10), DEFAULT) is Mode.WEEKEND
    assert mode_at(local(2026, 6, 14, 20), DEFAULT) is Mode.WEEKEND
    assert mode_at(local(2026, 6, 19, 10), DEFAULT) is Mode.WEEKEND  # midsommarafton


def test_the_night_after_a_holiday_is_a_weekday_from_midnight():
    # Annandag påsk is a Monday; Tuesday 00:30 is a weekday again.
    assert mode_at(local(2026, 4, 6, 23, 30), DEFAULT) is Mode.WEEKEND
    assert mode_at(local(2026, 4, 7, 0, 30), DEFAULT) is Mode.WEEKDAY


def test_mode_uses_the_stockholm_date_of_the_moment():
    # 22:30Z on a Friday is 00:30 on Saturday in Stockholm.
    assert mode_at(datetime(2026, 6, 12, 22, 30, tzinfo=UTC), DEFAULT) is Mode.WEEKEND


def test_the_routine_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        shift_at(datetime(2026, 6, 16, 12, 0), DEFAULT)
