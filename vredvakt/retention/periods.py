"""How long each kind of data is kept (#14 item 7), from settings, as cutoffs for a moment."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

# A day of rate counts is plenty: a window lasts a minute (accounts/ratelimit.py).
RATE_COUNTS_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Cutoffs:
    """Data from before these moments is deleted (closed cases: closed before it)."""

    telemetry: datetime
    closed_cases: datetime
    audit: datetime
    rate_counts: datetime


def cutoffs_at(now: datetime) -> Cutoffs:
    return Cutoffs(
        telemetry=now - timedelta(days=settings.RETENTION_TELEMETRY_DAYS),
        closed_cases=now - timedelta(days=settings.RETENTION_CASES_DAYS),
        audit=now - timedelta(days=settings.RETENTION_AUDIT_DAYS),
        rate_counts=now - RATE_COUNTS_KEPT,
    )
