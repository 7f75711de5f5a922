"""R12: a reminder to the leader when no update has gone out for the routine's interval.

One pending job per outage: every update (and the first notice) cancels it
and schedules the next; when it fires it reminds the leader and schedules the
next one, until the outage is over.
"""

import uuid
from datetime import datetime, timedelta

from vredvakt.jobs.handlers import job_handler
from vredvakt.jobs.models import ScheduledJob
from vredvakt.jobs.services import job_cancel, job_schedule
from vredvakt.outages.models import MajorOutage, OutageEntry, OutageStatus
from vredvakt.routine_versions.in_force import routine_in_force

UPDATE_REMINDER = "outages.update_reminder"


def _interval(now: datetime) -> timedelta:
    _version, params = routine_in_force(now)
    return timedelta(minutes=params.outage_update_interval_minutes)


def schedule_update_reminder(outage: MajorOutage, *, now: datetime) -> ScheduledJob:
    cancel_update_reminder(outage, now=now)
    # A fresh key each time: a cancelled job keeps its key, and the next must not collide.
    return job_schedule(
        kind=UPDATE_REMINDER,
        due_at=now + _interval(now),
        key=f"outage:{outage.pk}:update-reminder:{uuid.uuid4().hex}",
        subject=outage,
        now=now,
    )


def cancel_update_reminder(outage: MajorOutage, *, now: datetime) -> int:
    return job_cancel(subject=outage, kind=UPDATE_REMINDER, now=now)


@job_handler(UPDATE_REMINDER)
def remind_leader(job: ScheduledJob, now: datetime) -> None:
    from vredvakt.outages import notices

    outage = MajorOutage.objects.filter(pk=int(job.subject_id), status=OutageStatus.OPEN).first()
    if outage is None:
        return
    notices.update_due(outage, due=job.due_at, now=now)
    OutageEntry.objects.create(
        outage=outage, kind="reminded", at=now, data={"due": job.due_at.isoformat()}
    )
    # The job is being marked done: the next one gets a key of its own.
    job_schedule(
        kind=UPDATE_REMINDER,
        due_at=now + _interval(now),
        key=f"outage:{outage.pk}:update-reminder:{uuid.uuid4().hex}",
        subject=outage,
        now=now,
    )
