"""What retention removes, counted (a dry run) or done, in one transaction with its audit entry.

- Raw telemetry (LockEvent) older than its period: deleted. The locks keep their
  state; only the history of events goes.
- Closed fault cases closed before their period: deleted, with their steps,
  timeline, deviation report, night-patrol messages about them alone, scheduled
  jobs, and key loans returned before the cutoff; notifications queued before it
  (their bodies name clients). See case_purge.py.
- Audit entries (changes and client reads) older than their period: through
  audit_purge_before, the only way to delete audit entries.
- Rate-limit counts older than a day.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction

from vredvakt.accounts.models import RateCount
from vredvakt.accounts.ratelimit import rate_counts_purge
from vredvakt.audit.models import AuditEntry
from vredvakt.audit.services import audit_purge_before, audit_record
from vredvakt.locks.models import LockEvent
from vredvakt.retention.case_purge import CasePurgeCounts, cases_purge, cases_purge_plan
from vredvakt.retention.periods import Cutoffs, cutoffs_at


@dataclass(frozen=True)
class RetentionCounts:
    telemetry_events: int
    cases_deleted: int
    timeline_entries: int
    night_patrol_messages: int
    deviation_reports: int
    key_loans: int
    scheduled_jobs: int
    messages: int
    audit_entries: int
    rate_counts: int


def _counts(
    *, telemetry: int, cases: CasePurgeCounts, audit: int, rate_counts: int
) -> RetentionCounts:
    return RetentionCounts(
        telemetry_events=telemetry, **asdict(cases), audit_entries=audit, rate_counts=rate_counts
    )


def retention_plan(*, now: datetime) -> tuple[Cutoffs, RetentionCounts]:
    """What a run at `now` would remove, without removing anything."""
    cutoffs = cutoffs_at(now)
    counts = _counts(
        telemetry=LockEvent.objects.filter(at__lt=cutoffs.telemetry).count(),
        cases=cases_purge_plan(cutoffs.closed_cases),
        audit=AuditEntry.objects.filter(at__lt=cutoffs.audit).count(),
        rate_counts=RateCount.objects.filter(
            window_start__lt=int(cutoffs.rate_counts.timestamp())
        ).count(),
    )
    return cutoffs, counts


def retention_apply(*, now: datetime, via: str) -> tuple[Cutoffs, RetentionCounts]:
    """Remove it, and write one audit entry with the counts and cutoffs."""
    cutoffs = cutoffs_at(now)
    with transaction.atomic():
        telemetry, _ = LockEvent.objects.filter(at__lt=cutoffs.telemetry).delete()
        cases = cases_purge(cutoffs.closed_cases)
        # Before the new entry is written, so it is never purged by its own run.
        audit = audit_purge_before(cutoffs.audit, now=now)
        counts = _counts(
            telemetry=telemetry,
            cases=cases,
            audit=audit,
            rate_counts=rate_counts_purge(before=cutoffs.rate_counts),
        )
        detail = {
            **asdict(counts),
            **{f"cutoff_{name}": moment.isoformat() for name, moment in asdict(cutoffs).items()},
        }
        audit_record(
            actor=None,
            action="retention.purge",
            obj=None,
            via=via,
            detail=detail,
            now=now,
        )
    return cutoffs, counts
