from datetime import datetime, timedelta
from typing import Any

from django.db.models import Min, Sum

from vredvakt.jobs.healthz import health_section
from vredvakt.notifications.models import Delivery, DeliveryStatus


@health_section("notifications")
def notifications_health(now: datetime) -> tuple[dict[str, Any], bool]:
    """Backlog and failures for monitoring; informative, never a reason for a 503."""
    pending = Delivery.objects.filter(status=DeliveryStatus.PENDING)
    oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
    failed = Delivery.objects.filter(
        status__in=[DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP],
        failed_at__gte=now - timedelta(hours=24),
    )
    body = {
        "pending": pending.count(),
        "oldest_pending_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "failed_last_24h": failed.count(),
    }
    return body, True


def duplicates_by_channel() -> dict[str, int]:
    """Sends that may have gone out twice (a worker died mid-send, #16), per channel."""
    rows = Delivery.objects.filter(suspected_duplicates__gt=0).values("channel")
    totals = rows.annotate(total=Sum("suspected_duplicates")).values_list("channel", "total")
    return {channel: int(total) for channel, total in totals}
