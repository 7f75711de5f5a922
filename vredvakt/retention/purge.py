"""What retention removes, counted (a dry run) or done, in one transaction with its audit entry.

- Raw telemetry (LockEvent) older than its period: deleted. The locks keep their
  state; only the history of events goes.
- Closed fault cases closed before their period: anonymised, not deleted, so the
  statistics (how many cases, of which kind, how long) still add up. Free text
  goes: timeline texts and data, the vendor's ticket, night-patrol messages
  naming them, and their deviation reports' facts and free text (state, owner
  and dates stay, for the follow-up statistics).
- Audit entries (changes and client reads) older than their period: through
  audit_purge_before, the only way to delete audit entries.
- Rate-limit counts older than a day.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from vredvakt.accounts.models import RateCount
from vredvakt.accounts.ratelimit import rate_counts_purge
from vredvakt.audit.models import AuditEntry
from vredvakt.audit.services import audit_purge_before, audit_record
from vredvakt.cases.models import FaultCase, NightPatrolMessage, TimelineEntry
from vredvakt.deviations.models import DeviationReport
from vredvakt.locks.models import LockEvent
from vredvakt.retention.periods import Cutoffs, cutoffs_at

ANONYMISED = {"anonymised": True}


@dataclass(frozen=True)
class RetentionCounts:
    telemetry_events: int
    closed_cases: int
    timeline_entries: int
    night_patrol_messages: int
    deviation_reports: int
    audit_entries: int
    rate_counts: int


def _old_cases(cutoffs: Cutoffs) -> QuerySet[FaultCase]:
    return FaultCase.objects.filter(status="closed", closed_at__lt=cutoffs.closed_cases)


def _entries_to_clear(cases: QuerySet[FaultCase]) -> QuerySet[TimelineEntry]:
    # Entries already cleared are not counted again, so a second run reports 0.
    return TimelineEntry.objects.filter(case__in=cases).exclude(text="", data=ANONYMISED)


def _messages_to_clear(cases: QuerySet[FaultCase]) -> QuerySet[NightPatrolMessage]:
    return NightPatrolMessage.objects.filter(cases__in=cases).exclude(text="").distinct()


# A deviation report's facts snapshot names the client (#15); its texts may too.
REPORT_TEXTS = ("account", "assessment", "serious_note", "analysis", "actions")


def _reports_to_clear(cases: QuerySet[FaultCase]) -> QuerySet[DeviationReport]:
    return DeviationReport.objects.filter(case__in=cases).exclude(facts=ANONYMISED)


def _cases_to_clear(cutoffs: Cutoffs) -> QuerySet[FaultCase]:
    cases = _old_cases(cutoffs)
    pending_text = Q(timeline__in=_entries_to_clear(cases)) | ~Q(vendor_ticket="")
    return cases.filter(pending_text).distinct()


def retention_plan(*, now: datetime) -> tuple[Cutoffs, RetentionCounts]:
    """What a run at `now` would remove, without removing anything."""
    cutoffs = cutoffs_at(now)
    cases = _old_cases(cutoffs)
    counts = RetentionCounts(
        telemetry_events=LockEvent.objects.filter(at__lt=cutoffs.telemetry).count(),
        closed_cases=_cases_to_clear(cutoffs).count(),
        timeline_entries=_entries_to_clear(cases).count(),
        night_patrol_messages=_messages_to_clear(cases).count(),
        deviation_reports=_reports_to_clear(cases).count(),
        audit_entries=AuditEntry.objects.filter(at__lt=cutoffs.audit).count(),
        rate_counts=RateCount.objects.filter(
            window_start__lt=int(cutoffs.rate_counts.timestamp())
        ).count(),
    )
    return cutoffs, counts


def retention_apply(*, now: datetime, via: str) -> tuple[Cutoffs, RetentionCounts]:
    """Remove it, and write one audit entry with the counts and cutoffs."""
    cutoffs = cutoffs_at(now)
    with transaction.atomic():
        cases = _old_cases(cutoffs)
        case_count = _cases_to_clear(cutoffs).count()
        entries = _entries_to_clear(cases).update(text="", data=ANONYMISED)
        messages = NightPatrolMessage.objects.filter(
            pk__in=list(_messages_to_clear(cases).values_list("pk", flat=True))
        ).update(text="")
        cases.exclude(vendor_ticket="").update(vendor_ticket="")
        reports = _reports_to_clear(cases).update(
            facts=ANONYMISED, **dict.fromkeys(REPORT_TEXTS, "")
        )
        telemetry, _ = LockEvent.objects.filter(at__lt=cutoffs.telemetry).delete()
        # Before the new entry is written, so it is never purged by its own run.
        audit = audit_purge_before(cutoffs.audit, now=now)
        counts = RetentionCounts(
            telemetry_events=telemetry,
            closed_cases=case_count,
            timeline_entries=entries,
            night_patrol_messages=messages,
            deviation_reports=reports,
            audit_entries=audit,
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
