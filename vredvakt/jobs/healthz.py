"""/healthz: is the database answering, is a worker looping? Plus app sections.

Apps add a section (e.g. notifications: permanently failed deliveries) with
`health_section`; a section answers a small JSON-able dict and whether it is fine.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Max

from vredvakt.jobs.models import WorkerHeartbeat

# A worker loops at least every few seconds; a heartbeat older than this means
# none is running (or all are stuck).
WORKER_STALE_AFTER = timedelta(seconds=30)

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


def worker_status(now: datetime) -> dict[str, Any]:
    running = WorkerHeartbeat.objects.filter(stopped_at__isnull=True)
    last = running.aggregate(last=Max("last_loop_at"))["last"]
    if last is None:
        last = WorkerHeartbeat.objects.aggregate(last=Max("last_loop_at"))["last"]
        return {"last_loop": last.isoformat() if last else None, "ok": False}
    return {"last_loop": last.isoformat(), "ok": now - last <= WORKER_STALE_AFTER}


def report(now: datetime) -> tuple[dict[str, Any], bool]:
    body: dict[str, Any] = {"database": "ok", "worker": worker_status(now)}
    healthy = bool(body["worker"]["ok"])
    for name, section in _sections.items():
        body[name], fine = section(now)
        healthy = healthy and fine
    return body, healthy
