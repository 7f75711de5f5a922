"""What the processes count as they work: requests, ingested events, worker loops.

gunicorn runs several web processes and a machine may run workers too, so a
counter in one process is a fraction of the truth. With PROMETHEUS_MULTIPROC_DIR
set (before the process starts) prometheus_client keeps every process's values
in files there and /metrics adds them up; without it (tests, a single process)
the values live in this process. Figures about rows (locks, cases, backlog,
notifications) are read from the database at scrape time instead, see
vredvakt/ops/gauges.py and docs/decisions.md.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

# Pages should answer well under 300 ms (#16); the buckets resolve that range.
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)

http_requests = Counter(
    "vredvakt_http_requests",
    "HTTP requests answered, by route name, method and status code.",
    ["route", "method", "status"],
)
http_latency = Histogram(
    "vredvakt_http_request_duration_seconds",
    "Time to answer an HTTP request, by route name.",
    ["route"],
    buckets=_LATENCY_BUCKETS,
)
ingest_events = Counter(
    "vredvakt_ingest_events",
    "Lock events received on /api/v1/lock-events: accepted, duplicate (already stored).",
    ["outcome"],
)
ingest_rejected = Counter(
    "vredvakt_ingest_batches_rejected",
    "Lock-event batches refused before anything was stored, by HTTP status.",
    ["status"],
)
worker_loop = Histogram(
    "vredvakt_worker_loop_duration_seconds",
    "Time one worker tick takes to run every due-work handler once.",
    buckets=(0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0),
)


def request_observe(*, route: str, method: str, status: int, seconds: float) -> None:
    http_requests.labels(route=route, method=method, status=str(status)).inc()
    http_latency.labels(route=route).observe(seconds)


def ingest_count(*, accepted: int, duplicates: int) -> None:
    ingest_events.labels(outcome="accepted").inc(accepted)
    ingest_events.labels(outcome="duplicate").inc(duplicates)


def ingest_reject(*, status: int) -> None:
    ingest_rejected.labels(status=str(status)).inc()


@contextmanager
def worker_loop_timed() -> Iterator[None]:
    started = perf_counter()
    try:
        yield
    finally:
        worker_loop.observe(perf_counter() - started)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def counters_exposition() -> bytes:
    """The counters and histograms of every process (or of this one), as text."""
    if multiprocess_dir() is None:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry)
