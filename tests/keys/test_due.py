"""When a key is due back (R1, R2, R5): the end of the shift it was taken in, local time."""

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vredvakt.routine.clock import to_local
from vredvakt.routine.keys import shift_ends_at
from vredvakt.routine.parameters import RoutineParameters

PARAMS = RoutineParameters()  # day 07:00–22:00


@pytest.mark.parametrize(
    ("taken", "due"),
    [
        # Day shift (R1): back by 22:00 the same day.
        (datetime(2026, 11, 24, 9, 0, tzinfo=UTC), datetime(2026, 11, 24, 21, 0, tzinfo=UTC)),
        (datetime(2026, 11, 24, 6, 0, tzinfo=UTC), datetime(2026, 11, 24, 21, 0, tzinfo=UTC)),
        # Night shift (R2) before midnight: back by 07:00 the next morning.
        (datetime(2026, 11, 24, 22, 0, tzinfo=UTC), datetime(2026, 11, 25, 6, 0, tzinfo=UTC)),
        # … and after midnight: back by 07:00 the same morning.
        (datetime(2026, 11, 25, 2, 30, tzinfo=UTC), datetime(2026, 11, 25, 6, 0, tzinfo=UTC)),
        # Exactly 22:00 is night; exactly 07:00 is day.
        (datetime(2026, 11, 24, 21, 0, tzinfo=UTC), datetime(2026, 11, 25, 6, 0, tzinfo=UTC)),
        (datetime(2026, 11, 25, 6, 0, tzinfo=UTC), datetime(2026, 11, 25, 21, 0, tzinfo=UTC)),
    ],
)
def test_a_key_is_due_at_the_end_of_its_shift(taken, due):
    assert shift_ends_at(taken, PARAMS) == due


def test_a_night_loan_across_the_spring_change_is_due_at_07_summer_time():
    # 2026-03-28 23:00 (+01:00) → 2026-03-29 07:00 (+02:00) = 05:00Z: a 7-hour night.
    taken = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)
    assert shift_ends_at(taken, PARAMS) == datetime(2026, 3, 29, 5, 0, tzinfo=UTC)


def test_a_night_loan_across_the_autumn_change_is_due_at_07_winter_time():
    # 2026-10-24 23:00 (+02:00) → 2026-10-25 07:00 (+01:00) = 06:00Z: a 9-hour night.
    taken = datetime(2026, 10, 24, 21, 0, tzinfo=UTC)
    assert shift_ends_at(taken, PARAMS) == datetime(2026, 10, 25, 6, 0, tzinfo=UTC)


def test_shift_hours_come_from_the_routine_version():
    params = RoutineParameters(day_starts=time(6, 30), night_starts=time(21, 30))
    taken = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert to_local(shift_ends_at(taken, params)).time() == time(21, 30)


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)))
def test_the_due_time_is_a_shift_boundary_within_a_day_after(naive):
    taken = naive.replace(tzinfo=UTC)
    due = shift_ends_at(taken, PARAMS)
    assert taken < due <= taken + timedelta(hours=16)
    assert to_local(due).time() in (time(7, 0), time(22, 0))
