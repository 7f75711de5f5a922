"""The silent-lock sweep (R17): locks past their overdue moment are offline.

The worker calls `locks_sweep` as one of its due-work handlers. It reads only
the locks that are due, through the partial index on `overdue_at`, at most
`limit` of them, so its cost does not grow with the fleet. On PostgreSQL the
rows are claimed with FOR UPDATE SKIP LOCKED, so several workers share the
work; on SQLite the transaction takes the write lock up front (settings.py)
and the update is conditional all the same.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from vredvakt.audit.services import audit_record_many
from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import LockStatus


@dataclass(frozen=True)
class SilentLock:
    lock_id: int
    vendor: str
    vendor_lock_id: str
    client_id: int | None
    area: str
    status: str  # before the sweep
    last_seen_at: datetime | None
    overdue_at: datetime


COLUMNS = (
    "pk",
    "vendor",
    "vendor_lock_id",
    "client_id",
    "area",
    "status",
    "last_seen_at",
    "overdue_at",
)


@dataclass(frozen=True)
class SweepResult:
    # The hook for fault cases: open one per lock here (the fault-case issue).
    went_offline: list[SilentLock] = field(default_factory=list)
    # True when `limit` was reached: more locks may be due, call again.
    more: bool = False

    @property
    def count(self) -> int:
        return len(self.went_offline)


def locks_sweep(*, now: datetime, limit: int) -> SweepResult:
    if limit < 1:
        raise ValueError("limit must be at least 1")
    with transaction.atomic():
        due = [
            SilentLock(*row)
            for row in Lock.objects.select_for_update(skip_locked=True)
            .filter(overdue_at__lte=now)
            .order_by("overdue_at")
            .values_list(*COLUMNS)[:limit]
        ]
        if not due:
            return SweepResult()
        # Conditional: a lock that reported in between keeps its new deadline.
        Lock.objects.filter(pk__in=[s.lock_id for s in due], overdue_at__lte=now).update(
            status=LockStatus.OFFLINE, status_changed_at=now, overdue_at=None
        )
        audit_record_many(
            actor=None,
            action="lock.status",
            model=Lock,
            targets=(
                (
                    s.lock_id,
                    {"from": s.status, "to": LockStatus.OFFLINE, "since": _iso(s.last_seen_at)},
                )
                for s in due
            ),
            via="worker",
            now=now,
        )
    return SweepResult(due, more=len(due) == limit)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
