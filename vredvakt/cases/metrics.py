from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count
from prometheus_client.core import Metric

from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.ops.gauges import gauge, scrape_gauges


@scrape_gauges("cases")
def case_gauges(now: datetime) -> Iterator[Metric]:
    # Closed cases only grow with time; what needs watching is the open and restored ones.
    family = gauge("vredvakt_cases", "Fault cases not yet closed, by status.", ["status"])
    unclosed = FaultCase.objects.exclude(status=CaseStatus.CLOSED)
    counts = dict(unclosed.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    for status in (CaseStatus.OPEN, CaseStatus.RESTORED):
        family.add_metric([status.value], counts.get(status.value, 0))
    yield family
