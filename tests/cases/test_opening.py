from datetime import UTC, date, datetime

import pytest

from vredvakt.cases.errors import CaseError
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.services.lifecycle import (
    case_close,
    case_mark_fixed,
    case_restore,
    deviation_reported,
    step_complete,
)
from vredvakt.cases.services.opening import case_open
from vredvakt.clients.models import CareDecision
from vredvakt.jobs.models import ScheduledJob
from vredvakt.notifications.models import Message

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
SATURDAY_10 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def open_case(world, now=TUESDAY_10, **kwargs):
    return case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=now,
        **kwargs,
    )


def test_a_report_opens_a_case_that_runs_the_routine(world):
    case = open_case(world, note="Låset blinkar rött").case
    assert case.mode == "weekday" and case.key_kind == "unit_key"  # R1 by day
    steps = {s.code: s for s in case.steps.all()}
    assert steps["message_night_patrol"].due_at == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
    assert steps["document_fault"].done_by == world.anna  # R6: the report is the record
    first = case.timeline.first()
    assert (first.kind, first.actor, first.text) == ("reported", world.anna, "Låset blinkar rött")
    # R3: Tumba's coordinator hears at once.
    assert Message.objects.filter(recipient=world.kim, kind="case_opened").exists()
    # R9: a reminder at 16:00 and an escalation at 17:00 are waiting for the worker.
    assert (
        ScheduledJob.objects.filter(subject_type="cases.faultcase", subject_id=str(case.pk)).count()
        >= 2
    )


def test_reporting_the_same_lock_again_joins_the_open_case(world):
    first = open_case(world)
    second = open_case(world)
    assert second.joined and second.case == first.case
    assert FaultCase.objects.count() == 1
    assert [e.kind for e in first.case.timeline.all()][-1] == "reported_again"


def test_a_double_tap_with_the_same_token_does_nothing_twice(world):
    first = open_case(world, token="abc")
    again = open_case(world, token="abc")
    assert again.case == first.case
    assert first.case.timeline.filter(kind="reported_again").count() == 0


def test_on_a_weekend_the_alarm_group_is_told_at_once_and_acts_next_working_day(world):
    case = open_case(world, now=SATURDAY_10).case
    act = case.steps.get(code="alarm_group_act")
    assert case.mode == "weekend"  # R10
    assert act.due_at == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # Monday 08:00
    assert Message.objects.filter(recipient=world.lars, kind="alarm_group_informed").exists()


def test_an_expired_decision_marks_access_revoked_and_tells_the_assessor(world):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 20))
    case = open_case(world).case
    assert case.access_revoked  # R4: not a technical fault
    assert case.steps.filter(code="contact_needs_assessor", done_at=None).exists()
    assert Message.objects.filter(recipient=world.hanna, kind="decision_expired").exists()


def test_it_refuses_a_step_completed_twice(world):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 20))
    case = open_case(world).case
    step_complete(case=case, code="contact_needs_assessor", by=world.kim, now=TUESDAY_10)
    with pytest.raises(CaseError):
        step_complete(case=case, code="contact_needs_assessor", by=world.kim, now=TUESDAY_10)


def test_restoring_a_closed_case_is_refused_and_changes_nothing(world):
    case = open_case(world).case
    case_restore(case=case, by=world.kim, now=TUESDAY_10)
    case_close(case=case, by=world.kim, now=TUESDAY_10)
    entries = case.timeline.count()
    with pytest.raises(CaseError):
        case_restore(case=case, by=world.kim, now=TUESDAY_10)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.timeline.count() == entries
    # R14: the reporter is now asked for the deviation report.
    assert case.steps.get(code="report_deviation").due_at == TUESDAY_10


def test_it_refuses_marking_a_case_fixed_twice(world):
    case = open_case(world).case
    case_mark_fixed(case=case, by=world.lars, now=TUESDAY_10)
    entries = case.timeline.count()
    with pytest.raises(CaseError):
        case_mark_fixed(case=case, by=world.lars, now=TUESDAY_10)
    assert case.timeline.count() == entries


def test_it_refuses_a_deviation_report_without_a_reference(world):
    case = open_case(world).case
    case_restore(case=case, by=world.kim, now=TUESDAY_10)
    case_close(case=case, by=world.kim, now=TUESDAY_10)
    with pytest.raises(CaseError):
        deviation_reported(case=case, by=world.anna, reference="  ", now=TUESDAY_10)
    assert not case.steps.get(code="report_deviation").is_done  # R14: still to do


def test_a_decision_expiring_within_the_warning_days_gives_the_coordinator_a_task_r4(world):
    # #13: 2026-11-28 is within the routine's warning days of Tuesday 24 November.
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 28))
    case = open_case(world).case
    assert not case.access_revoked and case.decision_expires_on == date(2026, 11, 28)
    task = case.steps.get(code="decision_expiring")
    assert (task.role, task.done_at) == ("coordinator", None)
    assert not case.steps.filter(code="contact_needs_assessor").exists()
    # The needs assessor hears before the lock starts refusing staff.
    told = Message.objects.get(recipient=world.hanna, kind="decision_expiring")
    assert "2026-11-28" in told.body
    assert not Message.objects.filter(kind="decision_expired").exists()


def test_a_decision_valid_past_the_warning_days_gives_no_task_r4(world):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2027, 1, 31))
    case = open_case(world).case
    assert not case.steps.filter(code="decision_expiring").exists()
    assert not Message.objects.filter(kind="decision_expiring").exists()
