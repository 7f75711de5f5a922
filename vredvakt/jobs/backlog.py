"""Due rows still waiting for a worker: how many, and since when.

Each queue the worker drains registers here (`@backlog_source`): scheduled jobs
below, deliveries and lock signals from their apps. The system status
(/healthz/system) and /metrics both read it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Min, QuerySet

from vredvakt.jobs.models import JobState, ScheduledJob


@dataclass(frozen=True)
class Backlog:
    waiting: int
    oldest_due: datetime | None

    def oldest_age_seconds(self, now: datetime) -> float:
        if self.oldest_due is None:
            return 0.0
        return max(0.0, (now - self.oldest_due).total_seconds())


BacklogSource = Callable[[datetime], Backlog]
_sources: dict[str, BacklogSource] = {}


def backlog_source(name: str) -> Callable[[BacklogSource], BacklogSource]:
    def register(source: BacklogSource) -> BacklogSource:
        _sources[name] = source
        return source

    return register


def backlogs(now: datetime) -> dict[str, Backlog]:
    return {name: source(now) for name, source in _sources.items()}


def due_rows(rows: QuerySet[Any], field: str = "due_at") -> Backlog:
    figures = rows.aggregate(waiting=Count("pk"), oldest=Min(field))
    return Backlog(waiting=figures["waiting"], oldest_due=figures["oldest"])


@backlog_source("scheduled_jobs")
def scheduled_jobs_backlog(now: datetime) -> Backlog:
    return due_rows(ScheduledJob.objects.filter(state=JobState.PENDING, due_at__lte=now))
