from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count
from prometheus_client.core import Metric

from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import LockStatus
from vredvakt.ops.gauges import gauge, scrape_gauges


@scrape_gauges("locks")
def lock_gauges(now: datetime) -> Iterator[Metric]:
    family = gauge("vredvakt_locks", "Locks in the register, by status (R17).", ["status"])
    counts = dict(
        Lock.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    for status in LockStatus.values:
        family.add_metric([status], counts.get(status, 0))
    yield family
