"""The roster's arithmetic (#12): weekly periods in wall-clock time, exceptions first, gaps."""

from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.oncall.conftest import WEEK_NIGHTS, local
from vredvakt.oncall.periods import DatedPeriod, WeeklyPeriod, on_call_at, uncovered

PATTERN = [WeeklyPeriod(d, s, e, t, person_id=1) for d, s, e, t in WEEK_NIGHTS]


def test_a_weekday_night_is_covered_from_17_until_07():
    assert on_call_at(PATTERN, [], local(2026, 11, 24, 16, 59)) is None
    assert on_call_at(PATTERN, [], local(2026, 11, 24, 17, 0)) == 1
    assert on_call_at(PATTERN, [], local(2026, 11, 25, 6, 59)) == 1
    assert on_call_at(PATTERN, [], local(2026, 11, 25, 7, 0)) is None


def test_friday_evening_to_monday_morning_is_one_period():
    assert on_call_at(PATTERN, [], local(2026, 11, 27, 17, 1)) == 1
    assert on_call_at(PATTERN, [], local(2026, 11, 29, 12)) == 1
    assert on_call_at(PATTERN, [], local(2026, 11, 30, 6, 59)) == 1
    assert on_call_at(PATTERN, [], local(2026, 11, 30, 7)) is None


def test_an_exception_replaces_the_pattern_and_the_latest_wins():
    first = DatedPeriod(local(2026, 11, 27, 17), local(2026, 11, 30, 7), person_id=2)
    second = DatedPeriod(local(2026, 11, 28, 12), local(2026, 11, 29, 12), person_id=3)
    assert on_call_at(PATTERN, [first, second], local(2026, 11, 28, 9)) == 2
    assert on_call_at(PATTERN, [first, second], local(2026, 11, 28, 13)) == 3
    assert on_call_at(PATTERN, [first, second], local(2026, 11, 30, 7)) is None


def test_dst_nights_keep_the_wall_clock_hours():
    # Spring forward on Sunday 29 March 2026, fall back on Sunday 25 October 2026.
    spring = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 local, just after the jump
    assert on_call_at(PATTERN, [], spring) == 1
    assert on_call_at(PATTERN, [], local(2026, 3, 30, 6, 59)) == 1
    assert on_call_at(PATTERN, [], local(2026, 3, 30, 7)) is None
    autumn = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 local, the second time
    assert on_call_at(PATTERN, [], autumn) == 1
    # A weekday night across no change: Monday 17:00 is 16:00 UTC in winter.
    assert on_call_at(PATTERN, [], datetime(2026, 10, 26, 16, 0, tzinfo=UTC)) == 1


def test_a_missing_night_is_a_gap_and_an_exception_fills_part_of_it():
    no_tuesday = [p for p in PATTERN if p.weekday != 1]
    start, end = local(2026, 11, 24, 17), local(2026, 11, 25, 7)
    assert uncovered(no_tuesday, [], start, end) == [(start, end)]
    evening = DatedPeriod(start, local(2026, 11, 24, 22), person_id=2)
    assert uncovered(no_tuesday, [evening], start, end) == [(local(2026, 11, 24, 22), end)]
    assert uncovered(PATTERN, [], start, end) == []


def test_a_whole_week_period_covers_everything():
    always = [WeeklyPeriod(0, time(8), 0, time(8), person_id=4)]
    start = local(2026, 11, 24, 10)
    assert uncovered(always, [], start, start + timedelta(days=20)) == []


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2029, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)


@settings(max_examples=300, deadline=None)
@given(moment=moments, drop=st.sets(st.integers(min_value=0, max_value=4)))
def test_nobody_is_on_call_exactly_in_the_gaps(moment, drop):
    pattern = [p for i, p in enumerate(PATTERN) if i not in drop]
    start, end = moment - timedelta(days=3), moment + timedelta(days=3)
    in_gap = any(s <= moment < e for s, e in uncovered(pattern, [], start, end))
    assert in_gap == (on_call_at(pattern, [], moment) is None)
