"""Properties of the routine that hold for every moment, checked with hypothesis."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from vredvakt.routine.calendar import is_day_off, next_working_day
from vredvakt.routine.checklist import CaseKind, plan_case
from vredvakt.routine.clock import STOCKHOLM, at_local_time
from vredvakt.routine.deadlines import Mode
from vredvakt.routine.hours import Team, at_work
from vredvakt.routine.parameters import RoutineParameters

DEFAULT = RoutineParameters()
# Aware moments in UTC, so every instant (both autumn 02:30s included) can come up.
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)
# Both occurrences of 02:30 on the fall-back night, and the minute after the spring gap.
AUTUMN_FIRST = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
AUTUMN_SECOND = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
SPRING = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@given(days)
def test_next_working_day_is_never_a_day_off(day):
    assert not is_day_off(next_working_day(day, DEFAULT), DEFAULT)


@given(days)
def test_next_working_day_is_at_most_six_days_ahead(day):
    # Six, not five: when julafton is a Monday (2029), Friday's next working day is Thursday.
    assert 1 <= (next_working_day(day, DEFAULT) - day).days <= 6


@given(days)
def test_no_working_day_is_skipped(day):
    following = next_working_day(day, DEFAULT)
    between = (day + timedelta(days=n) for n in range(1, (following - day).days))
    assert all(is_day_off(d, DEFAULT) for d in between)


@example(AUTUMN_FIRST, CaseKind.LOCK)
@example(AUTUMN_SECOND, CaseKind.LOCK)
@example(SPRING, CaseKind.LOCK)
@given(moments, st.sampled_from(CaseKind))
def test_no_step_is_due_before_the_case_opened(moment, kind):
    plan = plan_case(moment, kind, DEFAULT)
    dues = [step.due for step in plan.steps if step.due is not None]
    assert all(due >= moment for due in dues)


@example(AUTUMN_FIRST)
@example(AUTUMN_SECOND)
@example(SPRING)
@given(moments)
def test_the_night_patrol_is_never_due_after_five_unless_the_case_opened_after_five(moment):
    plan = plan_case(moment, "lock", DEFAULT)
    local = moment.astimezone(STOCKHOLM)
    five = at_local_time(local.date(), DEFAULT.night_patrol_deadline)
    due = plan.step("message_night_patrol").due
    assert due is not None
    if local < five:
        assert due <= five
    else:
        assert due.astimezone(UTC) == moment  # == across zones is unreliable in the fold


@example(AUTUMN_FIRST)
@example(AUTUMN_SECOND)
@example(SPRING)
@given(moments)
def test_the_alarm_group_waits_only_when_it_is_not_at_work(moment):
    # #12: at once on a weekday while the alarm group works, else at its next start.
    plan = plan_case(moment, "lock", DEFAULT)
    due = plan.step("alarm_group_act").due
    assert due is not None
    if plan.mode is Mode.WEEKDAY and at_work(Team.ALARM_GROUP, moment, DEFAULT):
        assert due.astimezone(UTC) == moment  # == across zones is unreliable in the fold
    else:
        assert due.astimezone(STOCKHOLM).time() == DEFAULT.working_day_starts
        assert not is_day_off(due.astimezone(STOCKHOLM).date(), DEFAULT)


@example(AUTUMN_FIRST)
@example(AUTUMN_SECOND)
@example(SPRING)
@given(moments)
def test_every_due_time_is_stockholm_local(moment):
    for step in plan_case(moment, "app", DEFAULT).steps:
        assert step.due is None or step.due.tzinfo is STOCKHOLM
