"""The worker's daily retention run (#14 item 7)."""

from datetime import timedelta

from vredvakt.audit.models import AuditEntry
from vredvakt.jobs.loop import Tick, due_work
from vredvakt.retention.purge import retention_apply

EVERY = timedelta(days=1)


@due_work("retention.daily")
def retention_daily(tick: Tick) -> int:
    """Purge once a day: the run's own audit entry says when the last one was.

    Two workers starting at the same moment may both run; the second finds
    nothing left and records zeros.
    """
    now = tick.moment()
    recent = AuditEntry.objects.filter(action="retention.purge", at__gt=now - EVERY)
    if recent.exists():
        return 0
    _cutoffs, counts = retention_apply(now=now, via="worker")
    return counts.telemetry_events + counts.cases_deleted + counts.audit_entries
