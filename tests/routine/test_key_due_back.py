"""A key loan's due-back time (R5, #13): the shift's end, but never sooner than the minimum."""

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.routine.times import local
from vredvakt.routine.clock import to_local
from vredvakt.routine.keys import key_due_back
from vredvakt.routine.parameters import InvalidParameters, RoutineParameters

PARAMS = RoutineParameters()  # day 07:00–22:00, at least 2 hours


@pytest.mark.parametrize(
    ("taken", "due"),
    [
        # #13: taken at 21:59 it was due at 22:00; now it follows the night shift.
        (local(2026, 11, 24, 21, 59), local(2026, 11, 25, 7, 0)),
        (local(2026, 11, 24, 20, 1), local(2026, 11, 25, 7, 0)),
        # Exactly the minimum before the shift's end: due at the end.
        (local(2026, 11, 24, 20, 0), local(2026, 11, 24, 22, 0)),
        (local(2026, 11, 24, 9, 0), local(2026, 11, 24, 22, 0)),
        # A night key taken near 07:00 follows the day shift.
        (local(2026, 11, 25, 6, 30), local(2026, 11, 25, 22, 0)),
        (local(2026, 11, 25, 4, 59), local(2026, 11, 25, 7, 0)),
        (local(2026, 11, 24, 23, 0), local(2026, 11, 25, 7, 0)),
    ],
)
def test_a_key_is_due_at_the_first_shift_end_at_least_two_hours_away(taken, due):
    assert key_due_back(taken, PARAMS) == due


def test_the_minimum_comes_from_the_routine_version():
    params = RoutineParameters(key_loan_min_minutes=30)
    assert key_due_back(local(2026, 11, 24, 21, 0), params) == local(2026, 11, 24, 22, 0)
    assert key_due_back(local(2026, 11, 24, 21, 31), params) == local(2026, 11, 25, 7, 0)


def test_a_minimum_of_zero_keeps_the_shifts_end():
    params = RoutineParameters(key_loan_min_minutes=0)
    assert key_due_back(local(2026, 11, 24, 21, 59), params) == local(2026, 11, 24, 22, 0)


def test_the_minimum_counts_real_time_on_the_spring_night():
    # 2026-03-29: 02:00 becomes 03:00. From 00:30 to 07:00 the clock shows 6.5 h; 5.5 h pass.
    params = RoutineParameters(key_loan_min_minutes=6 * 60)
    assert key_due_back(local(2026, 3, 29, 0, 30), params) == local(2026, 3, 29, 22, 0)
    assert key_due_back(local(2026, 3, 29, 0, 59), params) == local(2026, 3, 29, 22, 0)
    assert key_due_back(local(2026, 3, 28, 23, 59), params) == local(2026, 3, 29, 7, 0)


def test_the_minimum_counts_real_time_on_the_autumn_night():
    # 2026-10-25: 03:00 becomes 02:00. From 00:30 to 07:00 the clock shows 6.5 h; 7.5 h pass.
    params = RoutineParameters(key_loan_min_minutes=7 * 60)
    assert key_due_back(local(2026, 10, 25, 0, 30), params) == local(2026, 10, 25, 7, 0)
    # The second 02:30 (winter time) leaves 4.5 h: the key follows the day shift.
    assert key_due_back(local(2026, 10, 25, 2, 30, fold=1), params) == local(2026, 10, 25, 22, 0)


@pytest.mark.parametrize("minutes", [-1, 12 * 60 + 1])
def test_it_refuses_a_minimum_outside_a_long_shift(minutes):
    with pytest.raises(InvalidParameters):
        RoutineParameters.from_json({"key_loan_min_minutes": minutes})


def test_a_version_without_the_minimum_gets_two_hours():
    assert RoutineParameters.from_json({}).key_loan_min_minutes == 120


moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31))
minimums = st.integers(min_value=0, max_value=12 * 60)


@given(moments, minimums)
def test_a_loan_is_never_shorter_than_the_minimum(naive, minutes):
    taken = naive.replace(tzinfo=UTC)
    params = RoutineParameters(key_loan_min_minutes=minutes)
    due = key_due_back(taken, params)
    assert due - taken >= timedelta(minutes=minutes)
    assert due > taken


@given(moments, minimums)
def test_a_loan_ends_at_a_shift_boundary_within_two_shifts(naive, minutes):
    taken = naive.replace(tzinfo=UTC)
    params = RoutineParameters(key_loan_min_minutes=minutes)
    due = key_due_back(taken, params)
    assert to_local(due).time() in (time(7, 0), time(22, 0))
    # At most the rest of this shift plus the next, longest one (15 h + a DST hour).
    assert due - taken <= timedelta(hours=15 + 15 + 1)
    assert due - taken <= timedelta(minutes=minutes) + timedelta(hours=15 + 1)


@given(st.datetimes(min_value=datetime(2026, 3, 28, 18), max_value=datetime(2026, 3, 29, 12)))
def test_the_spring_night_never_gives_less_than_two_hours(naive):
    taken = naive.replace(tzinfo=UTC)
    assert key_due_back(taken, PARAMS) - taken >= timedelta(hours=2)


@given(st.datetimes(min_value=datetime(2026, 10, 24, 18), max_value=datetime(2026, 10, 25, 12)))
def test_the_autumn_night_never_gives_less_than_two_hours(naive):
    taken = naive.replace(tzinfo=UTC)
    assert key_due_back(taken, PARAMS) - taken >= timedelta(hours=2)
