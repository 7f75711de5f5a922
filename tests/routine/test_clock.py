from datetime import UTC, date, datetime, time

import pytest

from vredvakt.routine.clock import (
    NonexistentLocalTime,
    at_local_time,
    localize_strict,
    parse_moment,
)


def test_a_time_without_offset_is_stockholm_time():
    assert parse_moment("2026-06-19T10:00").isoformat() == "2026-06-19T10:00:00+02:00"
    assert parse_moment("2026-01-19T10:00").isoformat() == "2026-01-19T10:00:00+01:00"


def test_an_offset_is_honoured_and_shown_in_stockholm_time():
    assert parse_moment("2026-06-19T08:00Z").isoformat() == "2026-06-19T10:00:00+02:00"
    assert parse_moment("2026-06-19T10:00+05:00").isoformat() == "2026-06-19T07:00:00+02:00"


def test_the_hour_skipped_in_spring_is_refused():
    with pytest.raises(NonexistentLocalTime, match="does not exist"):
        parse_moment("2026-03-29T02:30")


def test_the_hour_repeated_in_autumn_means_its_first_occurrence():
    moment = parse_moment("2026-10-25T02:30")
    assert moment.isoformat() == "2026-10-25T02:30:00+02:00"
    # Compared in UTC: Python never calls a time in the repeated hour equal across zones.
    assert moment.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_the_second_occurrence_can_be_given_with_its_offset():
    moment = parse_moment("2026-10-25T02:30+01:00")
    assert moment.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-06-19", "tomorrow", "2026-13-01T10:00", "", "19/6 10:00"])
def test_it_rejects_text_that_is_not_a_date_and_time(text):
    with pytest.raises(ValueError, match="2026-06-19T10:00"):
        parse_moment(text)


def test_localize_strict_refuses_an_aware_datetime():
    with pytest.raises(ValueError):
        localize_strict(datetime(2026, 6, 19, 10, tzinfo=UTC))


def test_a_routine_time_inside_the_spring_gap_moves_forward_like_a_wall_clock():
    assert at_local_time(date(2026, 3, 29), time(2, 30)).isoformat() == (
        "2026-03-29T03:30:00+02:00"
    )
