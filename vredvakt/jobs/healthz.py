"""Health: /healthz is this web process's liveness, /healthz/system the whole system's.

A load balancer asks /healthz: it fails only when this process cannot reach the
database, so a missing worker never takes healthy web servers out of rotation
(#16). Monitoring asks /healthz/system: the worker's heartbeat, the backlog of
due rows and the apps' sections; 503 when the worker is missing or a due row
has waited too long.

Apps add a section (e.g. notifications: permanently failed deliveries) with
`health_section`; a section answers a small JSON-able dict and whether it is fine.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from vredvakt.jobs.backlog import backlogs
from vredvakt.jobs.models import WorkerHeartbeat

Section = Callable[[datetime], tuple[dict[str, Any], bool]]
_sections: dict[str, Section] = {}


def health_section(name: str) -> Callable[[Section], Section]:
    def register(section: Section) -> Section:
        _sections[name] = section
        return section

    return register


def database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


@dataclass(frozen=True)
class DatabaseClock:
    """The database's own time, and when its server started (PostgreSQL only)."""

    now: datetime
    started_at: datetime | None


def database_clock() -> DatabaseClock:
    # Heartbeats are compared with the database's clock, not this web server's:
    # the web and the worker may run on different machines.
    if connection.vendor != "postgresql":
        return DatabaseClock(now=timezone.now(), started_at=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT now(), pg_postmaster_start_time()")
        now, started_at = cursor.fetchone()
    return DatabaseClock(now=now, started_at=started_at)


def worker_status(clock: DatabaseClock) -> dict[str, Any]:
    running = WorkerHeartbeat.objects.filter(stopped_at__isnull=True)
    last = running.aggregate(last=Max("last_loop_at"))["last"]
    if last is None:
        last = WorkerHeartbeat.objects.aggregate(last=Max("last_loop_at"))["last"]
        return {"last_loop": last.isoformat() if last else None, "ok": False}
    stale_after = timedelta(seconds=settings.WORKER_STALE_SECONDS)
    fresh = clock.now - last <= stale_after
    # A loop from before the database server (re)started proves nothing about
    # the worker now: it may not have reconnected yet.
    since_restart = clock.started_at is None or last >= clock.started_at
    return {"last_loop": last.isoformat(), "ok": fresh and since_restart}


def backlog_status(now: datetime) -> tuple[dict[str, Any], bool]:
    limit = settings.BACKLOG_STALE_SECONDS
    body: dict[str, Any] = {}
    fine = True
    for queue, backlog in backlogs(now).items():
        age = int(backlog.oldest_age_seconds(now))
        body[queue] = {"waiting": backlog.waiting, "oldest_seconds": age}
        fine = fine and age <= limit
    return body, fine


def report() -> tuple[dict[str, Any], bool]:
    clock = database_clock()
    body: dict[str, Any] = {"database": "ok", "worker": worker_status(clock)}
    body["backlog"], healthy = backlog_status(clock.now)
    healthy = healthy and bool(body["worker"]["ok"])
    for name, section in _sections.items():
        body[name], fine = section(clock.now)
        healthy = healthy and fine
    return body, healthy
