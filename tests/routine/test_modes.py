"""Three modes (#12, R10b): weekday, out of hours, weekend; no step due before its role works.

Weekday: a working day up to the coordinators' day end (00:00–17:00 by default).
Out of hours: a working day from that end until midnight. Weekend: days off (R10).
"""

from datetime import UTC, datetime, time

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.routine.times import local
from vredvakt.routine.calendar import is_day_off
from vredvakt.routine.checklist import CasePlan, Role, plan_case
from vredvakt.routine.clock import STOCKHOLM, at_local_time, to_local
from vredvakt.routine.deadlines import Mode, mode_at
from vredvakt.routine.hours import Team, at_work, next_start
from vredvakt.routine.parameters import RoutineParameters

DEFAULT = RoutineParameters()
# Other municipalities' hours: the rules must hold for any decided working day.
EARLY = RoutineParameters(
    coordinator_day_starts=time(6, 30),
    coordinator_day_ends=time(16, 0),
    working_day_starts=time(7, 0),
    alarm_group_day_ends=time(15, 30),
    night_patrol_deadline=time(15, 0),
)
LATE = RoutineParameters(
    coordinator_day_starts=time(8, 0),
    coordinator_day_ends=time(18, 30),
    working_day_starts=time(9, 0),
    alarm_group_day_ends=time(17, 0),
)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)
parameters = st.sampled_from([DEFAULT, EARLY, LATE])
AUTUMN_SECOND = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
SPRING = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
MONDAY_0659 = local(2026, 6, 15, 6, 59)
FRIDAY_1701 = local(2026, 6, 12, 17, 1)
SUNDAY_2359 = local(2026, 6, 14, 23, 59)
JULAFTON_EVE = local(2026, 12, 23, 19, 30)  # a Wednesday; julafton is a day off

TEAM_OF = {Role.COORDINATOR: Team.COORDINATORS, Role.ALARM_GROUP: Team.ALARM_GROUP}


def dues(plan: CasePlan, role: Role) -> list[datetime]:
    return [step.due for step in plan.steps if step.role is role and step.due is not None]


@pytest.mark.parametrize(
    ("moment", "mode"),
    [
        (local(2026, 6, 16, 0, 0), Mode.WEEKDAY),  # Tuesday midnight: the morning's mode
        (MONDAY_0659, Mode.WEEKDAY),
        (local(2026, 6, 16, 10), Mode.WEEKDAY),
        (local(2026, 6, 16, 16, 59), Mode.WEEKDAY),
        (local(2026, 6, 16, 17, 0), Mode.OUT_OF_HOURS),
        (local(2026, 6, 16, 19, 30), Mode.OUT_OF_HOURS),
        (FRIDAY_1701, Mode.OUT_OF_HOURS),
        (local(2026, 6, 12, 23, 59), Mode.OUT_OF_HOURS),
        (JULAFTON_EVE, Mode.OUT_OF_HOURS),
        (local(2026, 12, 24, 10), Mode.WEEKEND),  # julafton
        (local(2026, 6, 13, 0, 0), Mode.WEEKEND),
        (SUNDAY_2359, Mode.WEEKEND),
    ],
)
def test_the_mode_follows_the_calendar_and_the_coordinators_day(moment, mode):
    assert mode_at(moment, DEFAULT) is mode


def test_the_coordinators_day_end_comes_from_the_routine_version():
    assert mode_at(local(2026, 6, 16, 17, 30), LATE) is Mode.WEEKDAY
    assert mode_at(local(2026, 6, 16, 16, 0), EARLY) is Mode.OUT_OF_HOURS


def test_a_weekday_morning_at_ten_runs_as_before():
    opened = local(2026, 6, 16, 10)
    plan = plan_case(opened, "lock", DEFAULT)
    assert plan.mode is Mode.WEEKDAY
    assert plan.step("inform_alarm_group").due == opened  # R8
    assert plan.step("alarm_group_act").due == opened
    patrol = plan.step("message_night_patrol")
    assert (patrol.rule, patrol.role, patrol.due) == (
        "R9",
        Role.COORDINATOR,
        local(2026, 6, 16, 17),
    )


def test_a_weekday_evening_at_1930_is_out_of_hours():
    # R10b: the staff on site tell the night patrol now and message the alarm group.
    opened = local(2026, 6, 16, 19, 30)
    plan = plan_case(opened, "lock", DEFAULT)
    patrol = plan.step("message_night_patrol")
    assert (patrol.rule, patrol.role, patrol.due) == ("R10", Role.CARE_WORKER, opened)
    inform = plan.step("inform_alarm_group")
    assert (inform.role, inform.due) == (Role.CARE_WORKER, opened)
    assert plan.step("alarm_group_act").due == local(2026, 6, 17, 8)
    assert plan.step("check_care_decision").due == local(2026, 6, 17, 7)


def test_friday_1701_waits_for_monday():
    plan = plan_case(FRIDAY_1701, "lock", DEFAULT)
    assert plan.mode is Mode.OUT_OF_HOURS
    assert plan.step("message_night_patrol").due == FRIDAY_1701
    assert plan.step("check_care_decision").due == local(2026, 6, 15, 7)
    assert plan.step("alarm_group_act").due == local(2026, 6, 15, 8)


def test_friday_1659_is_a_weekday_but_the_alarm_group_has_gone_home():
    opened = local(2026, 6, 12, 16, 59)
    plan = plan_case(opened, "lock", DEFAULT)
    assert plan.mode is Mode.WEEKDAY
    assert plan.step("message_night_patrol").due == local(2026, 6, 12, 17)  # R9
    inform = plan.step("inform_alarm_group")
    assert (inform.role, inform.due) == (Role.COORDINATOR, opened)  # R8
    assert plan.step("alarm_group_act").due == local(2026, 6, 15, 8)


def test_the_evening_before_julafton_waits_until_after_christmas():
    # Julafton, juldagen, annandag jul, then a weekend: Monday 28 December.
    plan = plan_case(JULAFTON_EVE, "lock", DEFAULT)
    assert plan.mode is Mode.OUT_OF_HOURS
    assert plan.step("message_night_patrol").due == JULAFTON_EVE
    assert plan.step("check_care_decision").due == local(2026, 12, 28, 7)
    assert plan.step("alarm_group_act").due == local(2026, 12, 28, 8)


def test_monday_0659_gives_nobody_a_deadline_before_they_start():
    # #12: the alarm group's deadline was 06:59; now no earlier than its own 08:00.
    plan = plan_case(MONDAY_0659, "lock", DEFAULT)
    assert plan.mode is Mode.WEEKDAY
    assert plan.step("check_care_decision").due == local(2026, 6, 15, 7)
    inform = plan.step("inform_alarm_group")
    assert (inform.rule, inform.role, inform.due) == ("R8", Role.COORDINATOR, local(2026, 6, 15, 7))
    assert plan.step("alarm_group_act").due == local(2026, 6, 15, 8)
    assert plan.step("message_night_patrol").due == local(2026, 6, 15, 17)
    assert plan.step("fetch_key").due == MONDAY_0659  # the care worker's own steps: at once


def test_sunday_2359_gives_the_same_monday_as_monday_0659():
    plan = plan_case(SUNDAY_2359, "lock", DEFAULT)
    assert plan.mode is Mode.WEEKEND
    assert plan.step("message_night_patrol").due == SUNDAY_2359  # R10
    assert plan.step("alarm_group_act").due == local(2026, 6, 15, 8)
    assert plan.step("check_care_decision").due == local(2026, 6, 15, 7)


def test_an_out_of_hours_friday_before_spring_forward_is_due_on_summer_time():
    due = plan_case(local(2026, 3, 27, 19, 30), "lock", DEFAULT).step("alarm_group_act").due
    assert due is not None
    assert due.isoformat() == "2026-03-30T08:00:00+02:00"


@example(SPRING, DEFAULT)
@example(AUTUMN_SECOND, DEFAULT)
@example(MONDAY_0659, DEFAULT)
@example(FRIDAY_1701, DEFAULT)
@example(SUNDAY_2359, DEFAULT)
@example(JULAFTON_EVE, DEFAULT)
@given(moments, parameters)
def test_the_mode_is_decided_by_the_day_and_the_coordinators_day_end(moment, params):
    local_moment = to_local(moment)
    mode = mode_at(moment, params)
    if is_day_off(local_moment.date(), params):
        assert mode is Mode.WEEKEND
    elif local_moment >= at_local_time(local_moment.date(), params.coordinator_day_ends):
        assert mode is Mode.OUT_OF_HOURS
    else:
        assert mode is Mode.WEEKDAY


@example(SPRING, DEFAULT)
@example(AUTUMN_SECOND, DEFAULT)
@example(MONDAY_0659, DEFAULT)
@example(FRIDAY_1701, DEFAULT)
@example(SUNDAY_2359, DEFAULT)
@example(JULAFTON_EVE, DEFAULT)
@given(moments, parameters)
def test_no_step_is_due_before_its_role_is_at_work(moment, params):
    plan = plan_case(moment, "lock", params)
    for role, team in TEAM_OF.items():
        start = next_start(team, moment, params)
        for due in dues(plan, role):
            assert due >= start
            assert at_work(team, due, params) or _ends_the_coordinators_day(team, due, params)


@example(SPRING, DEFAULT)
@example(AUTUMN_SECOND, DEFAULT)
@given(moments, parameters)
def test_care_workers_steps_are_always_due_at_once(moment, params):
    for due in dues(plan_case(moment, "app", params), Role.CARE_WORKER):
        assert due.astimezone(UTC) == moment  # == across zones is unreliable in the fold


@example(FRIDAY_1701, DEFAULT)
@example(SUNDAY_2359, DEFAULT)
@given(moments, parameters)
def test_out_of_hours_and_weekends_tell_the_night_patrol_from_the_door(moment, params):
    plan = plan_case(moment, "lock", params)
    patrol = plan.step("message_night_patrol")
    expected = Role.COORDINATOR if plan.mode is Mode.WEEKDAY else Role.CARE_WORKER
    assert patrol.role is expected
    assert plan.step("inform_alarm_group").role is expected


def _ends_the_coordinators_day(team: Team, due: datetime, params: RoutineParameters) -> bool:
    # R9: "by 17:00" is the last moment of the coordinators' day, a deadline they meet at work.
    local_due = due.astimezone(STOCKHOLM)
    day_end = at_local_time(local_due.date(), params.coordinator_day_ends)
    return team is Team.COORDINATORS and local_due == day_end
