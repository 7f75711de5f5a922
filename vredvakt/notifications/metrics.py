from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count
from prometheus_client.core import Metric

from vredvakt.jobs.backlog import Backlog, backlog_source, due_rows
from vredvakt.notifications.models import Delivery, DeliveryAttempt, DeliveryStatus
from vredvakt.ops.gauges import gauge, scrape_gauges


@backlog_source("deliveries")
def deliveries_backlog(now: datetime) -> Backlog:
    return due_rows(Delivery.objects.filter(status=DeliveryStatus.PENDING, due_at__lte=now))


@scrape_gauges("notifications")
def notification_gauges(now: datetime) -> Iterator[Metric]:
    # Rows, not process counters: the figures are the same whichever web process
    # is scraped and survive restarts. Pending is "queued"; failed and gave_up
    # are the two ways a delivery ends without reaching anyone.
    deliveries = gauge(
        "vredvakt_deliveries",
        "Notification deliveries, by channel and status.",
        ["channel", "status"],
    )
    rows = Delivery.objects.values_list("channel", "status").annotate(n=Count("pk"))
    for channel, status, n in rows:
        deliveries.add_metric([channel, status], n)
    yield deliveries
    # Attempts say what a delivery cost: a temporary error is a retry, and
    # "superseded" a message sent twice (at most one per lane per crash).
    attempts = gauge(
        "vredvakt_delivery_attempts",
        "Delivery attempts, by channel and outcome (temporary_error: retried; "
        "superseded: sent again after another worker had delivered it).",
        ["channel", "outcome"],
    )
    tries = DeliveryAttempt.objects.values_list("delivery__channel", "outcome").annotate(
        n=Count("pk")
    )
    for channel, outcome, n in tries:
        attempts.add_metric([channel, outcome], n)
    yield attempts
