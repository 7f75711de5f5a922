"""Scheduled jobs: idempotent scheduling, cancelling, running once, retrying."""

from datetime import UTC, datetime, timedelta

import pytest

from vredvakt.jobs.handlers import job_handler
from vredvakt.jobs.loop import drain
from vredvakt.jobs.models import JobState, ScheduledJob
from vredvakt.jobs.services import job_cancel, job_schedule
from vredvakt.notifications.models import Message
from vredvakt.notifications.services import notify

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
ran: list[tuple[str, datetime]] = []


@job_handler("tests.record")
def record(job: ScheduledJob, now: datetime) -> None:
    ran.append((job.key, now))


@job_handler("tests.remind_and_fail")
def remind_and_fail(job: ScheduledJob, now: datetime) -> None:
    from django.contrib.auth.models import User

    notify(
        recipients=list(User.objects.all()),
        template="deadline_reminder",
        context={"public": {"task": "Meddela nattpatrullen", "deadline": now, "unit": "Tumba"}},
        now=now,
    )
    if job.payload.get("fail"):
        raise RuntimeError("the case changed under us")


@pytest.fixture(autouse=True)
def clean_record():
    ran.clear()


def schedule(key: str, due_at: datetime, kind: str = "tests.record", **payload) -> ScheduledJob:
    return job_schedule(kind=kind, due_at=due_at, key=key, payload=payload, now=NOW)


def test_scheduling_the_same_key_twice_gives_one_job():
    first = schedule("case:17:reminder", NOW + timedelta(hours=1))
    again = schedule("case:17:reminder", NOW + timedelta(hours=2))
    assert first.pk == again.pk
    assert again.due_at == NOW + timedelta(hours=1)
    assert ScheduledJob.objects.count() == 1


def test_a_job_runs_once_when_due_and_not_before():
    schedule("a", NOW + timedelta(minutes=10))
    drain(NOW + timedelta(minutes=9, seconds=59))
    assert ran == []
    drain(NOW + timedelta(minutes=10))
    drain(NOW + timedelta(minutes=11))
    assert ran == [("a", NOW + timedelta(minutes=10))]
    job = ScheduledJob.objects.get()
    assert (job.state, job.done_at, job.attempts) == (JobState.DONE, NOW + timedelta(minutes=10), 1)


def test_a_cancelled_job_never_runs():
    schedule("case:17:reminder", NOW)
    job_schedule(
        kind="tests.record", due_at=NOW, key="other", subject=("cases.faultcase", "17"), now=NOW
    )
    assert job_cancel(subject=("cases.faultcase", "17"), now=NOW) == 1
    assert job_cancel(key="case:17:reminder", now=NOW) == 1
    drain(NOW)
    assert ran == []


def test_a_failing_handler_leaves_no_trace_and_is_retried_with_back_off(world):
    schedule("r", NOW, kind="tests.remind_and_fail", fail=True)
    drain(NOW)
    job = ScheduledJob.objects.get()
    assert job.state == JobState.PENDING
    assert job.attempts == 1
    assert job.due_at == NOW + timedelta(seconds=30)
    assert "the case changed under us" in job.last_error
    # The handler's notify() rolled back with it: no half-done reminder.
    assert not Message.objects.exists()


def test_a_handler_and_its_notifications_commit_together_exactly_once(world):
    schedule("r", NOW, kind="tests.remind_and_fail")
    drain(NOW)
    drain(NOW + timedelta(hours=1))
    assert Message.objects.filter(recipient=world.kim).count() == 1


def test_a_job_of_an_unknown_kind_waits_for_its_handler():
    schedule("x", NOW, kind="tests.nobody_handles_this")
    drain(NOW)
    job = ScheduledJob.objects.get()
    assert job.state == JobState.PENDING
    assert "no handler registered" in job.last_error
