from datetime import UTC, datetime, time

import pytest

from tests.routine.times import local
from vredvakt.accounts.models import Role as AccountRole
from vredvakt.keys.models import KeyKind as KeyModelKind
from vredvakt.routine.checklist import (
    CaseKind,
    Role,
    StepCode,
    plan_as_json,
    plan_case,
)
from vredvakt.routine.deadlines import Mode
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine.shifts import KeyKind, Shift

DEFAULT = RoutineParameters()
CODES = [
    "notify_coordinator",
    "check_care_decision",
    "fetch_key",
    "document_fault",
    "inform_alarm_group",
    "alarm_group_act",
    "message_night_patrol",
    "record_restored",
    "report_deviation",
]


def test_every_case_gets_the_same_steps_in_the_same_order():
    for moment in (local(2026, 6, 16, 10), local(2026, 6, 13, 23)):
        for kind in CaseKind:
            plan = plan_case(moment, kind, DEFAULT)
            assert [step.code for step in plan.steps] == CODES


def test_a_weekday_morning_fault_at_the_door():
    opened = local(2026, 6, 16, 10, 42)
    plan = plan_case(opened, "lock", DEFAULT)
    assert (plan.mode, plan.shift, plan.key) == (Mode.WEEKDAY, Shift.DAY, KeyKind.UNIT_KEY)
    assert plan.step("notify_coordinator").due == opened  # R3
    assert plan.step("check_care_decision").role is Role.COORDINATOR  # R4
    assert plan.step("fetch_key").rule == "R1"
    assert plan.step("document_fault").due == opened  # R6: the report is the documentation
    assert plan.step("inform_alarm_group").rule == "R8"
    assert plan.step("alarm_group_act").due == opened
    assert plan.step("message_night_patrol").due == local(2026, 6, 16, 17)


def test_night_patrol_message_at_1659_is_due_at_five():
    plan = plan_case(local(2026, 6, 16, 16, 59), "lock", DEFAULT)
    step = plan.step(StepCode.MESSAGE_NIGHT_PATROL)
    assert (step.rule, step.role, step.due) == ("R9", Role.COORDINATOR, local(2026, 6, 16, 17))


def test_night_patrol_message_at_1701_is_due_at_once():
    opened = local(2026, 6, 16, 17, 1)
    assert plan_case(opened, "lock", DEFAULT).step("message_night_patrol").due == opened


def test_a_friday_evening_is_out_of_hours_and_waits_for_monday():
    # #12 (R10b): after the coordinators' day, staff on site tell the night patrol
    # at once; the coordinator and the alarm group get the case when they start.
    opened = local(2026, 6, 12, 19, 30)
    plan = plan_case(opened, "lock", DEFAULT)
    assert plan.mode is Mode.OUT_OF_HOURS
    patrol = plan.step("message_night_patrol")
    assert (patrol.rule, patrol.role, patrol.due) == ("R10", Role.CARE_WORKER, opened)
    inform = plan.step("inform_alarm_group")
    assert (inform.rule, inform.role, inform.due) == ("R10", Role.CARE_WORKER, opened)
    act = plan.step("alarm_group_act")
    assert (act.rule, act.role, act.due) == ("R10", Role.ALARM_GROUP, local(2026, 6, 15, 8))
    assert plan.step("check_care_decision").due == local(2026, 6, 15, 7)


def test_a_friday_late_evening_needs_the_night_key():
    plan = plan_case(local(2026, 6, 12, 23, 30), "lock", DEFAULT)
    assert (plan.mode, plan.shift, plan.key) == (Mode.OUT_OF_HOURS, Shift.NIGHT, KeyKind.NIGHT_KEY)
    assert plan.step("fetch_key").rule == "R2"


@pytest.mark.parametrize(
    ("opened", "alarm_group_due"),
    [
        (local(2026, 6, 13, 0, 30), local(2026, 6, 15, 8)),  # Saturday night
        (local(2026, 6, 13, 10), local(2026, 6, 15, 8)),  # Saturday
        (local(2026, 6, 14, 20), local(2026, 6, 15, 8)),  # Sunday evening
        (local(2026, 6, 19, 10), local(2026, 6, 22, 8)),  # midsommarafton
        (local(2026, 4, 3, 10), local(2026, 4, 7, 8)),  # långfredag
        (local(2026, 4, 6, 18), local(2026, 4, 7, 8)),  # annandag påsk
        (local(2026, 5, 14, 10), local(2026, 5, 15, 8)),  # Kristi himmelsfärd
        (local(2025, 6, 6, 10), local(2025, 6, 9, 8)),  # nationaldagen
        (local(2026, 12, 24, 15), local(2026, 12, 28, 8)),  # julafton
        (local(2026, 12, 25, 9), local(2026, 12, 28, 8)),  # juldagen
        (local(2026, 12, 31, 22), local(2027, 1, 4, 8)),  # nyårsafton
    ],
)
def test_weekend_and_holiday_cases_wait_for_the_alarm_group_until_the_next_working_day(
    opened, alarm_group_due
):
    plan = plan_case(opened, "lock", DEFAULT)
    assert plan.mode is Mode.WEEKEND
    act = plan.step("alarm_group_act")
    assert (act.rule, act.role, act.due) == ("R10", Role.ALARM_GROUP, alarm_group_due)
    inform = plan.step("inform_alarm_group")
    assert (inform.rule, inform.role, inform.due) == ("R10", Role.CARE_WORKER, opened)


def test_on_a_weekend_the_care_worker_tells_the_night_patrol_at_once():
    opened = local(2026, 6, 13, 10)
    step = plan_case(opened, "lock", DEFAULT).step("message_night_patrol")
    assert (step.rule, step.role, step.due) == ("R10", Role.CARE_WORKER, opened)


def test_restored_and_deviation_have_no_due_time():
    plan = plan_case(local(2026, 6, 16, 10), "lock", DEFAULT)
    assert plan.step("record_restored").due is None  # R7
    assert plan.step("record_restored").role is Role.COORDINATOR
    assert plan.step("report_deviation").due is None  # R14
    assert plan.step("report_deviation").role is Role.CARE_WORKER


def test_an_app_fault_gets_the_same_steps_roles_and_times_as_a_lock_fault():
    opened = local(2026, 6, 16, 10)
    lock = plan_case(opened, "lock", DEFAULT)
    app = plan_case(opened, "app", DEFAULT)
    assert app.kind is CaseKind.APP
    assert [(s.code, s.rule, s.role, s.due) for s in app.steps] == [
        (s.code, s.rule, s.role, s.due) for s in lock.steps
    ]
    assert "the lock app" in app.step("document_fault").action
    assert "the lock app" in app.step("alarm_group_act").action


def test_it_rejects_an_unknown_kind():
    with pytest.raises(ValueError):
        plan_case(local(2026, 6, 16, 10), "door", DEFAULT)


def test_the_plan_is_in_stockholm_time_whatever_zone_it_was_given_in():
    plan = plan_case(datetime(2026, 6, 16, 8, 0, tzinfo=UTC), "lock", DEFAULT)
    assert plan.opened_at.isoformat() == "2026-06-16T10:00:00+02:00"
    due = plan.step("notify_coordinator").due
    assert due is not None
    assert due.isoformat() == "2026-06-16T10:00:00+02:00"


def test_the_night_patrol_deadline_in_the_action_follows_the_routine_version():
    earlier = RoutineParameters(night_patrol_deadline=time(16, 0))
    plan = plan_case(local(2026, 6, 16, 10), "lock", earlier)
    assert "by 16:00" in plan.step("message_night_patrol").action
    assert plan.step("message_night_patrol").due == local(2026, 6, 16, 16)


def test_the_plan_as_json_has_local_offsets_and_nulls():
    out = plan_as_json(plan_case(local(2026, 6, 19, 10), "app", DEFAULT))
    assert out["at"] == "2026-06-19T10:00:00+02:00"
    assert (out["kind"], out["mode"], out["shift"], out["key"]) == (
        "app",
        "weekend",
        "day",
        "unit_key",
    )
    assert out["steps"][5]["due"] == "2026-06-22T08:00:00+02:00"
    assert out["steps"][-1]["due"] is None
    assert set(out["steps"][0]) == {"code", "rule", "role", "action", "due"}


def test_roles_and_keys_use_the_same_values_as_the_database():
    assert {role.value for role in Role} <= set(AccountRole.values)
    assert {kind.value for kind in KeyKind} == set(KeyModelKind.values)


def test_a_missing_step_is_a_key_error():
    with pytest.raises(KeyError):
        plan_case(local(2026, 6, 16, 10), "lock", DEFAULT).step("make_coffee")
