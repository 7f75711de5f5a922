"""Deadlines run by the worker: a reminder before, an escalation when missed (R4, R9, R10).

Time is passed in. `run_due(now)` does what the worker's jobs step does at
`now`: claim the due jobs and run each through vredvakt.jobs.runner.run_job.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from vredvakt.cases.models import FaultCase
from vredvakt.cases.services.lifecycle import (
    case_acknowledge,
    case_inform_alarm_group,
    case_restore,
    step_complete,
)
from vredvakt.cases.services.night_patrol import night_patrol_message_send
from vredvakt.cases.services.opening import case_open
from vredvakt.cases.services.reminders import schedule_for
from vredvakt.clients.models import CareDecision
from vredvakt.jobs.claims import claim_due
from vredvakt.jobs.models import JobState, ScheduledJob
from vredvakt.jobs.runner import run_job
from vredvakt.notifications.models import Message

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


TUESDAY_10 = local(11, 24, 10)


def run_due(now: datetime) -> int:
    due = ScheduledJob.objects.filter(state=JobState.PENDING, due_at__lte=now)
    jobs = claim_due(due, now=now, lease=timedelta(minutes=5), worker_id="test", limit=100)
    for job in jobs:
        assert run_job(job, now=now)
    return len(jobs)


def open_case(world, now: datetime = TUESDAY_10, **kwargs) -> FaultCase:
    fields = {"client": world.karin, "kind": "lock", "source": "care_worker"}
    fields.update(kwargs)
    return case_open(reported_by=world.anna, now=now, **fields).case


def taken_by_the_alarm_group(world, now: datetime = TUESDAY_10) -> FaultCase:
    """A case whose only tracked step left is the night patrol's (R9)."""
    case = open_case(world, now=now)
    case_acknowledge(case=case, by=world.lars, now=now + timedelta(minutes=1))
    return case


def notices(kind: str, user) -> list[Message]:
    return list(Message.objects.filter(kind=kind, recipient=user))


def missed_steps(case: FaultCase) -> list[str]:
    return [e.data["step"] for e in case.timeline.filter(kind="deadline_missed")]


def jobs_of(case: FaultCase, step: str) -> dict[str, ScheduledJob]:
    prefix = f"case:{case.pk}:{step}:"
    jobs = ScheduledJob.objects.filter(key__startswith=prefix)
    return {job.key.removeprefix(prefix): job for job in jobs}


# R9 on a weekday


def test_r9_at_16_the_coordinator_is_reminded_of_the_night_patrol(world):
    taken_by_the_alarm_group(world)

    run_due(local(11, 24, 15, 59))
    assert notices("deadline_reminder", world.kim) == []
    run_due(local(11, 24, 16))

    [reminder] = notices("deadline_reminder", world.kim)
    assert reminder.created_at == local(11, 24, 16)
    assert notices("deadline_reminder", world.ulla) == []
    assert notices("deadline_missed", world.kim) == []


def test_r9_at_17_a_missed_message_is_escalated_to_the_unit_manager(world):
    case = taken_by_the_alarm_group(world)
    run_due(local(11, 24, 16))

    run_due(local(11, 24, 16, 59))
    assert missed_steps(case) == []
    run_due(local(11, 24, 17))

    assert missed_steps(case) == ["message_night_patrol"]
    entry = case.timeline.get(kind="deadline_missed")
    assert entry.at == local(11, 24, 17) and entry.actor is None
    assert datetime.fromisoformat(entry.data["due"]) == local(11, 24, 17)
    assert len(notices("deadline_missed", world.kim)) == 1
    assert len(notices("deadline_missed", world.ulla)) == 1  # the unit manager hears
    assert notices("deadline_missed", world.otto) == []


def test_r9_a_job_runs_once_however_often_the_worker_looks(world):
    case = taken_by_the_alarm_group(world)

    for minute in range(3):
        run_due(local(11, 24, 17, minute))

    assert missed_steps(case) == ["message_night_patrol"]
    assert len(notices("deadline_reminder", world.kim)) == 1


def test_r9_messaging_the_night_patrol_before_16_cancels_reminder_and_escalation(world):
    case = taken_by_the_alarm_group(world)

    night_patrol_message_send(
        unit=world.tumba, case_ids=[case.pk], text="", by=world.kim, now=local(11, 24, 15)
    )

    jobs = jobs_of(case, "message_night_patrol")
    assert {kind: job.state for kind, job in jobs.items()} == {
        "remind": JobState.CANCELLED,
        "missed": JobState.CANCELLED,
    }
    run_due(local(11, 24, 17, 30))
    assert notices("deadline_reminder", world.kim) == []
    assert notices("deadline_missed", world.ulla) == []
    assert missed_steps(case) == []


def test_r9_a_case_opened_at_17_01_is_due_at_once_and_escalated_30_min_later(world):
    opened = local(11, 24, 17, 1)
    case = taken_by_the_alarm_group(world, now=opened)

    step = case.steps.get(code="message_night_patrol")
    assert step.due_at == opened  # at once
    assert set(jobs_of(case, "message_night_patrol")) == {"missed"}  # no reminder in the past
    run_due(local(11, 24, 17, 30))
    assert missed_steps(case) == []
    run_due(local(11, 24, 17, 31))
    assert missed_steps(case) == ["message_night_patrol"]
    assert len(notices("deadline_missed", world.ulla)) == 1


def test_r9_friday_16_59_is_due_at_17_and_17_01_at_once(world):
    before = open_case(world, now=local(11, 27, 16, 59))
    after = open_case(world, now=local(11, 27, 17, 1), kind="app")

    # #12 (R10b): Friday 17:01 is out of hours; the care worker tells the patrol at once.
    assert (before.mode, after.mode) == ("weekday", "out_of_hours")
    assert after.steps.get(code="message_night_patrol").role == "care_worker"
    due = {c.kind: c.steps.get(code="message_night_patrol").due_at for c in (before, after)}
    assert due == {"lock": local(11, 27, 17), "app": local(11, 27, 17, 1)}
    missed = {c.kind: jobs_of(c, "message_night_patrol")["missed"].due_at for c in (before, after)}
    assert missed == {"lock": local(11, 27, 17), "app": local(11, 27, 17, 31)}
    assert "remind" not in jobs_of(before, "message_night_patrol")  # 16:00 has passed


def test_a_restored_case_is_neither_reminded_nor_escalated(world):
    case = open_case(world)

    case_restore(case=case, by=world.kim, now=local(11, 24, 12))

    assert not ScheduledJob.objects.filter(
        subject_type="cases.faultcase", subject_id=str(case.pk), state=JobState.PENDING
    ).exists()
    run_due(local(11, 25, 9))
    assert missed_steps(case) == []
    assert Message.objects.filter(kind__in=["deadline_reminder", "deadline_missed"]).count() == 0


def test_a_job_left_pending_for_a_restored_case_does_nothing(world):
    case = taken_by_the_alarm_group(world)
    # The case works again by a path that cancels nothing (e.g. another process).
    FaultCase.objects.filter(pk=case.pk).update(status="restored", restored_at=local(11, 24, 12))

    run_due(local(11, 24, 17))

    assert missed_steps(case) == []
    assert notices("deadline_missed", world.ulla) == []
    assert not ScheduledJob.objects.filter(state=JobState.PENDING).exists()  # done, quietly


# R8, R10: the alarm group's step


def test_r8_on_a_weekday_an_alarm_group_never_handed_the_case_is_not_escalated(world):
    case = open_case(world)

    run_due(TUESDAY_10 + timedelta(minutes=30))

    # The coordinator's hand-over is late, not the alarm group, which never had it (#12).
    assert missed_steps(case) == ["inform_alarm_group"]
    assert notices("deadline_missed", world.lars) == []
    assert len(notices("deadline_missed", world.kim)) == 1
    assert len(notices("deadline_missed", world.ulla)) == 1


def test_r8_on_a_weekday_an_alarm_group_that_has_not_taken_a_handed_case_is_escalated(world):
    case = open_case(world)
    case_inform_alarm_group(case=case, by=world.kim, now=TUESDAY_10 + timedelta(minutes=5))

    run_due(TUESDAY_10 + timedelta(minutes=30))

    assert missed_steps(case) == ["alarm_group_act"]
    assert len(notices("deadline_missed", world.lars)) == 1


def test_r10_on_saturday_the_alarm_group_is_not_reminded_before_its_day_and_escalated_at_8(world):
    # #12: the alarm group starts at 08:00, so no reminder reaches it at 07:00 any more.
    case = open_case(world, now=local(11, 28, 10))
    run_due(local(11, 28, 10, 30))  # the care worker's own R10 message is missed here
    lars_before = len(notices("deadline_reminder", world.lars))

    run_due(local(11, 30, 7))
    assert len(notices("deadline_reminder", world.lars)) == lars_before
    assert "alarm_group_act" not in missed_steps(case)
    run_due(local(11, 30, 8))

    assert "alarm_group_act" in missed_steps(case)
    assert len(notices("deadline_missed", world.lars)) == 1


def test_r10_on_saturday_the_reporter_is_the_one_reminded_to_tell_the_night_patrol(world):
    case = open_case(world, now=local(11, 28, 10))

    run_due(local(11, 28, 10, 30))

    # R10: the staff on site tell the night patrol at once; the unit manager hears if not.
    assert "message_night_patrol" in missed_steps(case)
    assert len(notices("deadline_missed", world.anna)) == 1
    assert len(notices("deadline_missed", world.ulla)) == 1
    assert notices("deadline_missed", world.kim) == []


# R4


def test_r4_an_expired_decision_not_acted_on_in_30_min_is_escalated(world):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 20))
    case = taken_by_the_alarm_group(world)

    run_due(TUESDAY_10 + timedelta(minutes=30))

    assert missed_steps(case) == ["contact_needs_assessor"]
    assert len(notices("deadline_missed", world.ulla)) == 1


def test_r4_contacting_the_assessor_in_time_cancels_the_escalation(world):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 20))
    case = taken_by_the_alarm_group(world)

    step_complete(
        case=case,
        code="contact_needs_assessor",
        by=world.kim,
        now=TUESDAY_10 + timedelta(minutes=20),
    )
    run_due(TUESDAY_10 + timedelta(minutes=30))

    assert missed_steps(case) == []


def test_every_job_is_due_at_or_after_the_opening(world):
    opened = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # the morning the clocks go forward

    case = open_case(world, now=opened)

    assert all(
        job.due_at >= opened
        for job in ScheduledJob.objects.filter(subject_type="cases.faultcase", subject_id=case.pk)
    )


def test_r4_an_expired_decision_makes_the_alarm_group_steps_wait_not_miss(world):
    # #13: the lock refuses staff on purpose; "Missad: Informera larmgruppen" would be wrong.
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 20))
    case = open_case(world)

    run_due(TUESDAY_10 + timedelta(minutes=30))
    run_due(local(11, 24, 17, 1))

    assert "inform_alarm_group" not in missed_steps(case)
    assert "alarm_group_act" not in missed_steps(case)
    assert "contact_needs_assessor" in missed_steps(case)
    assert notices("deadline_reminder", world.lars) == []
    assert notices("deadline_missed", world.lars) == []


def test_r4_a_decision_about_to_expire_is_the_coordinators_task_by_the_end_of_the_day(world):
    # #13: the decision ends Saturday; the coordinator contacts the assessor today.
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 28))
    case = taken_by_the_alarm_group(world)
    task = case.steps.get(code="decision_expiring")
    assert task.due_at == local(11, 24, 17)
    assert set(jobs_of(case, "decision_expiring")) == {"remind", "missed"}

    run_due(local(11, 24, 16))
    reminders = [m.body for m in notices("deadline_reminder", world.kim)]
    assert any("handläggaren" in body for body in reminders), reminders
    run_due(local(11, 24, 17))
    assert "decision_expiring" in missed_steps(case)
    assert len(notices("deadline_missed", world.ulla)) == 2  # with the night patrol's message


def test_r4_contacting_the_assessor_about_an_expiring_decision_ends_its_reminders(world):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 28))
    case = taken_by_the_alarm_group(world)

    step_complete(case=case, code="decision_expiring", by=world.kim, now=local(11, 24, 11))
    run_due(local(11, 24, 17, 1))

    assert "decision_expiring" not in missed_steps(case)
    assert jobs_of(case, "decision_expiring")["missed"].state != JobState.DONE


def test_scheduling_a_cases_deadlines_again_keeps_one_job_each_with_its_first_time(world):
    # A retried request or a second process schedules the same case: no reminder
    # doubles, and none moves (the jobs' keys are stable, R9).
    case = open_case(world)
    first = {job.key: job.due_at for job in ScheduledJob.objects.filter(subject_id=str(case.pk))}
    assert any(key.endswith(":remind") for key in first) and any(
        key.endswith(":missed") for key in first
    )

    schedule_for(case, now=TUESDAY_10 + timedelta(minutes=20))

    again = {job.key: job.due_at for job in ScheduledJob.objects.filter(subject_id=str(case.pk))}
    assert again == first
