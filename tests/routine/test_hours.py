"""Who is at work when (#12): coordinators 07:00–17:00, the alarm group 08:00–16:00,
on working days only (R10's calendar), in Stockholm wall-clock time."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from vredvakt.routine.calendar import is_day_off
from vredvakt.routine.clock import STOCKHOLM, to_local
from vredvakt.routine.hours import Team, at_work, day_ended, next_start
from vredvakt.routine.parameters import InvalidParameters, RoutineParameters

DEFAULT = RoutineParameters()
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("moment", "team", "expected"),
    [
        # Monday 06:59: nobody yet; the coordinators at 07:00, the alarm group at 08:00.
        (local(2026, 12, 7, 6, 59), Team.COORDINATORS, local(2026, 12, 7, 7, 0)),
        (local(2026, 12, 7, 6, 59), Team.ALARM_GROUP, local(2026, 12, 7, 8, 0)),
        # Friday 16:59 at work; 17:01 the coordinators are gone until Monday.
        (local(2026, 12, 4, 16, 59), Team.COORDINATORS, local(2026, 12, 4, 16, 59)),
        (local(2026, 12, 4, 17, 1), Team.COORDINATORS, local(2026, 12, 7, 7, 0)),
        (local(2026, 12, 4, 16, 1), Team.ALARM_GROUP, local(2026, 12, 7, 8, 0)),
        # Sunday 23:59 and julafton's eve (julafton, juldagen, annandagen are days off).
        (local(2026, 12, 6, 23, 59), Team.ALARM_GROUP, local(2026, 12, 7, 8, 0)),
        (local(2026, 12, 23, 19, 30), Team.COORDINATORS, local(2026, 12, 28, 7, 0)),
        # The daylight-saving Sundays are days off; the Monday after starts on local time.
        (local(2026, 3, 29, 2, 30), Team.COORDINATORS, local(2026, 3, 30, 7, 0)),
        (local(2026, 10, 25, 2, 30), Team.ALARM_GROUP, local(2026, 10, 26, 8, 0)),
    ],
    ids=str,
)
def test_the_next_start_at_work(moment: datetime, team: Team, expected: datetime) -> None:
    assert next_start(team, moment, DEFAULT) == expected


def test_the_evening_after_a_working_day_has_ended() -> None:
    assert day_ended(Team.COORDINATORS, local(2026, 12, 3, 17, 0), DEFAULT)
    assert not day_ended(Team.COORDINATORS, local(2026, 12, 3, 16, 59), DEFAULT)
    assert not day_ended(Team.COORDINATORS, local(2026, 12, 5, 19, 0), DEFAULT)  # Saturday


def test_hours_that_end_before_they_start_are_refused() -> None:
    with pytest.raises(InvalidParameters, match="coordinator_day_ends"):
        RoutineParameters.from_json(
            {"coordinator_day_starts": "17:00", "coordinator_day_ends": "07:00"}
        )


@given(moments, st.sampled_from(list(Team)))
@example(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), Team.COORDINATORS)
def test_the_next_start_is_never_earlier_and_always_at_work(moment: datetime, team: Team) -> None:
    start = next_start(team, moment, DEFAULT)
    assert start >= moment
    assert at_work(team, start, DEFAULT)
    assert not is_day_off(to_local(start).date(), DEFAULT)
    # Nobody of the team is at work between the moment and that start.
    if start > moment:
        assert not at_work(
            team, start - timedelta(minutes=1), DEFAULT
        ) or start - moment < timedelta(minutes=1)
