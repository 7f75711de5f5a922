"""Atomic claims on due rows: how any number of workers share one queue.

PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` picks rows nobody else is looking
at. Every database: the conditional `UPDATE … WHERE claimed_until IS NULL OR
claimed_until < now` is what makes a claim exclusive (PostgreSQL re-checks the
condition on a row another transaction just changed; SQLite runs one writer at
a time), so the same code is correct on both.
"""

import uuid
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Q, QuerySet

from vredvakt.jobs.models import ClaimableRow

R = TypeVar("R", bound=ClaimableRow)


def claimable(now: datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def claim_due(
    queryset: QuerySet[R], *, now: datetime, lease: timedelta, worker_id: str, limit: int
) -> list[R]:
    """Claim up to `limit` rows of `queryset` (already filtered to "due") for `lease`."""
    token = uuid.uuid4()
    model = queryset.model
    with transaction.atomic():
        candidates = queryset.filter(claimable(now)).order_by("due_at", "pk")
        # No effect on SQLite, which has no row locks; the UPDATE below still decides.
        candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        model._default_manager.filter(claimable(now), pk__in=ids).update(
            claimed_until=now + lease, claimed_by=worker_id, claim_token=token
        )
    return list(model._default_manager.filter(claim_token=token).order_by("due_at", "pk"))


def release_claims_of(queryset: QuerySet[R], worker_id: str) -> int:
    """A worker restarting under the same id takes back what its dead predecessor held."""
    return queryset.filter(claimed_by=worker_id).update(
        claimed_until=None, claimed_by="", claim_token=None
    )


def retry_delay(attempts: int, *, base: timedelta, cap: timedelta) -> timedelta:
    """Exponential back-off: base, 2×base, 4×base, … never more than `cap`."""
    if attempts < 1:
        return timedelta(0)
    # Bound the exponent so a huge attempt count cannot overflow.
    return min(cap, base * (2 ** min(attempts - 1, 30)))


def release_unstarted(rows: list[R]) -> None:
    """A stopping worker hands back the rows it claimed but did not start."""
    for row in rows:
        type(row)._default_manager.filter(pk=row.pk, claim_token=row.claim_token).update(
            claimed_until=None, claimed_by="", claim_token=None
        )
