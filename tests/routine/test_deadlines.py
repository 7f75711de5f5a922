from datetime import UTC, datetime, time

from tests.routine.times import local
from vredvakt.routine.deadlines import alarm_group_takes_over, night_patrol_deadline
from vredvakt.routine.parameters import RoutineParameters

DEFAULT = RoutineParameters()


def test_night_patrol_message_is_due_at_five_the_same_day():
    assert night_patrol_deadline(local(2026, 6, 16, 16, 59), DEFAULT) == local(2026, 6, 16, 17)
    assert night_patrol_deadline(local(2026, 6, 16, 7, 0), DEFAULT) == local(2026, 6, 16, 17)


def test_night_patrol_message_is_due_at_once_after_five():
    opened = local(2026, 6, 16, 17, 1)
    assert night_patrol_deadline(opened, DEFAULT) == opened


def test_night_patrol_message_at_exactly_five_is_due_then():
    assert night_patrol_deadline(local(2026, 6, 16, 17), DEFAULT) == local(2026, 6, 16, 17)


def test_the_five_oclock_deadline_is_local_on_the_spring_forward_day():
    due = night_patrol_deadline(local(2026, 3, 29, 10), DEFAULT)
    assert due == datetime(2026, 3, 29, 15, 0, tzinfo=UTC)
    assert due.isoformat() == "2026-03-29T17:00:00+02:00"


def test_the_five_oclock_deadline_is_local_on_the_fall_back_day():
    due = night_patrol_deadline(local(2026, 10, 25, 10), DEFAULT)
    assert due == datetime(2026, 10, 25, 16, 0, tzinfo=UTC)
    assert due.isoformat() == "2026-10-25T17:00:00+01:00"


def test_the_deadline_comes_from_the_routine_version():
    earlier = RoutineParameters(night_patrol_deadline=time(16, 0))
    assert night_patrol_deadline(local(2026, 6, 16, 10), earlier) == local(2026, 6, 16, 16)


def test_alarm_group_takes_a_weekend_case_on_monday_at_eight():
    assert alarm_group_takes_over(local(2026, 6, 13, 10), DEFAULT) == local(2026, 6, 15, 8)
    assert alarm_group_takes_over(local(2026, 6, 14, 23), DEFAULT) == local(2026, 6, 15, 8)


def test_alarm_group_takes_a_case_from_easter_on_the_tuesday():
    # Långfredag → påskafton → påskdagen → annandag påsk (a Monday) → Tuesday.
    assert alarm_group_takes_over(local(2026, 4, 3, 11), DEFAULT) == local(2026, 4, 7, 8)


def test_alarm_group_takes_a_case_across_the_spring_forward_weekend():
    # Opened on winter time, taken on summer time: 08:00+02:00 is 06:00Z.
    due = alarm_group_takes_over(local(2026, 3, 28, 12), DEFAULT)
    assert due == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)


def test_alarm_group_takes_a_case_from_the_fall_back_sunday():
    due = alarm_group_takes_over(local(2026, 10, 25, 2, 30, fold=1), DEFAULT)
    assert due == datetime(2026, 10, 26, 7, 0, tzinfo=UTC)


def test_the_working_day_start_comes_from_the_routine_version():
    early = RoutineParameters(working_day_starts=time(7, 30))
    assert alarm_group_takes_over(local(2026, 6, 13, 10), early) == local(2026, 6, 15, 7, 30)
