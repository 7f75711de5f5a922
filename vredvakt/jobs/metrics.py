"""/metrics figures of the worker's side: backlog per queue, each worker's heartbeat."""

from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import Metric

from vredvakt.jobs.backlog import backlogs
from vredvakt.jobs.models import WorkerHeartbeat
from vredvakt.ops.gauges import gauge, scrape_gauges


@scrape_gauges("jobs")
def worker_gauges(now: datetime) -> Iterator[Metric]:
    waiting = gauge("vredvakt_due_rows", "Rows due and not yet handled, per queue.", ["queue"])
    oldest = gauge(
        "vredvakt_due_oldest_age_seconds",
        "How long the oldest due row of each queue has waited.",
        ["queue"],
    )
    for queue, backlog in backlogs(now).items():
        waiting.add_metric([queue], backlog.waiting)
        oldest.add_metric([queue], backlog.oldest_age_seconds(now))
    yield waiting
    yield oldest
    beats = gauge(
        "vredvakt_worker_heartbeat_age_seconds",
        "Seconds since each running worker last looped.",
        ["worker"],
    )
    running = WorkerHeartbeat.objects.filter(stopped_at__isnull=True)
    for worker_id, last in running.values_list("worker_id", "last_loop_at"):
        beats.add_metric([worker_id], max(0.0, (now - last).total_seconds()))
    yield beats
