from datetime import datetime, timedelta
from typing import Any

from django.db.models import Min

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
