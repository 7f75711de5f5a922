import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Model

from vredvakt.jobs.claims import release_claims_of
from vredvakt.jobs.models import ClaimableRow, JobState, ScheduledJob, WorkerHeartbeat

Subject = Model | tuple[str, str] | None


def subject_ref(subject: Subject) -> tuple[str, str]:
    """("cases.faultcase", "12") for a model instance or a ready pair; ("", "") for none."""
    if subject is None:
        return "", ""
    if isinstance(subject, Model):
        return subject._meta.label_lower, str(subject.pk)
    return subject[0], str(subject[1])


def job_schedule(
    *,
    kind: str,
    due_at: datetime,
    key: str,
    subject: Subject = None,
    payload: dict[str, Any] | None = None,
    now: datetime,
) -> ScheduledJob:
    """Schedule work at `due_at`; the same `key` again returns the job already there."""
    subject_type, subject_id = subject_ref(subject)
    try:
        with transaction.atomic():
            job, _ = ScheduledJob.objects.get_or_create(
                key=key,
                defaults={
                    "kind": kind,
                    "due_at": due_at,
                    "subject_type": subject_type,
                    "subject_id": subject_id,
                    "payload": payload or {},
                    "created_at": now,
                },
            )
    except IntegrityError:  # another process created it between our read and write
        job = ScheduledJob.objects.get(key=key)
    return job


@dataclass(frozen=True)
class JobSpec:
    kind: str
    due_at: datetime
    key: str
    subject: Subject = None
    payload: dict[str, Any] = field(default_factory=dict)


def job_schedule_many(jobs: Sequence[JobSpec], *, now: datetime) -> None:
    """Schedule several jobs in one statement; a key already there keeps its job,
    as with job_schedule (a case's reminders: one INSERT, not a savepoint each)."""
    rows = []
    for job in jobs:
        subject_type, subject_id = subject_ref(job.subject)
        rows.append(
            ScheduledJob(
                kind=job.kind,
                due_at=job.due_at,
                key=job.key,
                subject_type=subject_type,
                subject_id=subject_id,
                payload=job.payload,
                created_at=now,
            )
        )
    ScheduledJob.objects.bulk_create(rows, ignore_conflicts=True)


def job_cancel(
    *,
    key: str | None = None,
    subject: Subject = None,
    kind: str | None = None,
    now: datetime,
) -> int:
    """Cancel pending jobs by key, or by subject (and optionally kind). Returns how many."""
    if key is None and subject is None:
        raise ValueError("job_cancel needs a key or a subject")
    jobs = ScheduledJob.objects.filter(state=JobState.PENDING)
    if key is not None:
        jobs = jobs.filter(key=key)
    if subject is not None:
        subject_type, subject_id = subject_ref(subject)
        jobs = jobs.filter(subject_type=subject_type, subject_id=subject_id)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return jobs.update(state=JobState.CANCELLED, done_at=now)


def heartbeat_start(*, worker_id: str, pid: int, now: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname(),
            "pid": pid,
            "started_at": now,
            "last_loop_at": now,
            "stopped_at": None,
        },
    )


def heartbeat_record(*, worker_id: str, now: datetime) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_loop_at=now)


def heartbeat_stop(*, worker_id: str, now: datetime) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=now)


def release_own_claims(*, worker_id: str) -> int:
    """On start: rows claimed under this worker id by a process that died are free again."""
    released = 0
    for model in apps.get_models():
        if issubclass(model, ClaimableRow):
            released += release_claims_of(model._default_manager.all(), worker_id)
    return released


def worker_id_taken(*, worker_id: str, now: datetime) -> int | None:
    """The pid of another live worker on this host under `worker_id`, if there is one.

    Ids are stable (host:worker by default), so two workers started on one host
    without their own ids would share one and hand back each other's rows.
    """
    beat = WorkerHeartbeat.objects.filter(
        worker_id=worker_id,
        hostname=socket.gethostname(),
        stopped_at__isnull=True,
        last_loop_at__gte=now - timedelta(seconds=30),
    ).first()
    if beat is None or beat.pid is None or beat.pid == os.getpid():
        return None
    try:
        command = Path(f"/proc/{beat.pid}/cmdline").read_bytes()
    except OSError:
        return None  # gone (or no /proc to ask): a dead run, whose rows are ours to take
    return beat.pid if b"worker" in command else None
