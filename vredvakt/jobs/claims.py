"""Atomic claims on due rows: how any number of workers share one queue.

PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` picks rows nobody else is looking
at. Every database: the conditional `UPDATE … WHERE claimed_until IS NULL OR
claimed_until < now` is what makes a claim exclusive (PostgreSQL re-checks the
condition on a row another transaction just changed; SQLite runs one writer at
a time), so the same code is correct on both.

Leases are short (vredvakt.jobs.loop.DEFAULT_LEASE) and the worker renews the
claims it holds while it works (`claims_renew`), so a dead worker's rows go back
to the queue within one lease, whatever id it had. `claim_due` remembers each
claim's token per worker id for that renewal; the worker forgets them after
each tick, when every row it claimed is done or handed back.
"""

import threading
import uuid
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Q, QuerySet

from vredvakt.jobs.models import ClaimableRow

R = TypeVar("R", bound=ClaimableRow)

_held: dict[str, set[tuple[type[ClaimableRow], uuid.UUID]]] = {}
_held_lock = threading.Lock()


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
    with _held_lock:
        _held.setdefault(worker_id, set()).add((model, token))
    return list(model._default_manager.filter(claim_token=token).order_by("due_at", "pk"))


def claims_renew(*, worker_id: str, now: datetime, lease: timedelta) -> int:
    """Extend the claims this worker took in its current tick: it is alive and at work."""
    with _held_lock:
        held = list(_held.get(worker_id, ()))
    renewed = 0
    for model, token in held:
        # By token (indexed): rows done or handed back no longer carry it.
        renewed += model._default_manager.filter(claim_token=token, claimed_by=worker_id).update(
            claimed_until=now + lease
        )
    return renewed


def claims_forget(worker_id: str) -> None:
    """The tick is over: every row it claimed was done, released or is left to its lease."""
    with _held_lock:
        _held.pop(worker_id, None)


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
