from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import Metric

from vredvakt.jobs.backlog import Backlog, backlog_source, due_rows
from vredvakt.ops.gauges import gauge, scrape_gauges
from vredvakt.outages.models import LockSignal, MajorOutage, OutageStatus


@backlog_source("lock_signals")
def lock_signals_backlog(now: datetime) -> Backlog:
    # Telemetry the worker has not yet turned into cases (docs/outages.md).
    return due_rows(LockSignal.objects.filter(due_at__lte=now))


@scrape_gauges("outages")
def outage_gauges(now: datetime) -> Iterator[Metric]:
    family = gauge("vredvakt_major_outages_open", "Major outages going on now (R11).")
    family.add_metric([], MajorOutage.objects.filter(status=OutageStatus.OPEN).count())
    yield family
