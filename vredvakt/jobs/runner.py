"""The worker's "scheduled jobs" step: run what is due, retry what failed."""

import logging
from datetime import datetime, timedelta

from django.db import DatabaseError, transaction

from vredvakt.jobs.claims import claim_due, release_unstarted, retry_delay
from vredvakt.jobs.handlers import handler_for
from vredvakt.jobs.loop import Tick, due_work
from vredvakt.jobs.models import JobState, ScheduledJob

log = logging.getLogger("vredvakt.jobs")

BATCH_SIZE = 50
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(minutes=30)
MAX_ATTEMPTS = 12


@due_work("jobs")
def run_due_jobs(tick: Tick) -> int:
    due = ScheduledJob.objects.filter(state=JobState.PENDING, due_at__lte=tick.now)
    claimed = claim_due(
        due, now=tick.now, lease=tick.lease, worker_id=tick.worker_id, limit=BATCH_SIZE
    )
    for index, job in enumerate(claimed):
        if tick.stopping():
            release_unstarted(claimed[index:])
            break
        run_job(job, now=tick.moment())
        tick.progress()
    return len(claimed)


def run_job(job: ScheduledJob, *, now: datetime) -> bool:
    """Run one claimed job; True when it is done."""
    handler = handler_for(job.kind)
    try:
        with transaction.atomic():
            # Still ours and still pending? It may have been cancelled, or our lease
            # ran out and another worker has it.
            current = (
                ScheduledJob.objects.select_for_update()
                .filter(pk=job.pk, claim_token=job.claim_token, state=JobState.PENDING)
                .first()
            )
            if current is None:
                return False
            if handler is None:
                raise LookupError(f"no handler registered for job kind {job.kind!r}")
            handler(current, now)
            current.state = JobState.DONE
            current.done_at = now
            current.attempts += 1
            current.claimed_until, current.claimed_by, current.claim_token = None, "", None
            current.save()
        return True
    except DatabaseError:
        raise
    except Exception as exc:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _retry_later(job, now=now, error=f"{type(exc).__name__}: {exc}")
        return False


def _retry_later(job: ScheduledJob, *, now: datetime, error: str) -> None:
    attempts = job.attempts + 1
    changes: dict[str, object] = {
        "attempts": attempts,
        "last_error": error[:2000],
        "claimed_until": None,
        "claimed_by": "",
        "claim_token": None,
    }
    if attempts >= MAX_ATTEMPTS:
        changes.update(state=JobState.FAILED, done_at=now)
    else:
        changes["due_at"] = now + retry_delay(attempts, base=RETRY_BASE, cap=RETRY_CAP)
    ScheduledJob.objects.filter(
        pk=job.pk, claim_token=job.claim_token, state=JobState.PENDING
    ).update(**changes)
