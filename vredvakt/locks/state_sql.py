"""A lock's telemetry state as raw SQL reads and writes it (the ingest's hot path).

Shared by the request check (ingest.py), which reads a single event's lock
with the integration, and the store (ingest_store.py).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from vredvakt.locks.telemetry import LockState

STATE_FIELDS = (
    "status",
    "status_changed_at",
    "last_seen_at",
    "last_event_at",
    "battery",
    "jammed",
    "overdue_at",
)
DATETIME_FIELDS = frozenset({"status_changed_at", "last_seen_at", "last_event_at", "overdue_at"})
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class LockRead:
    """One lock's state read without a row lock, with its row version (PostgreSQL's xmin)."""

    pk: int
    version: str
    state: LockState


@dataclass(frozen=True)
class LockLookup:
    """What a read of one lock by its vendor id found (None: no such lock)."""

    vendor_lock_id: str
    found: LockRead | None


def pg_state_columns(table: str) -> str:
    """The state columns of `table` for a PostgreSQL SELECT, in STATE_FIELDS order.

    Moments come as whole microseconds since 1970 (exact: EXTRACT is numeric
    from PostgreSQL 14): loading a timestamptz costs more than the rest of the row.
    """
    return ", ".join(
        f"(EXTRACT(EPOCH FROM {table}.{f}) * 1000000)::bigint"
        if f in DATETIME_FIELDS
        else f"{table}.{f}"
        for f in STATE_FIELDS
    )


def state_from_row(interval: int, row: list[Any] | tuple[Any, ...]) -> LockState:
    # Unpacked by position, in STATE_FIELDS order: this runs for every lock of
    # every batch, and a dict of the fields cost twice as much (#17).
    status, status_changed_at, last_seen_at, last_event_at, battery, jammed, overdue_at = row
    return LockState(
        heartbeat_interval=timedelta(seconds=interval),
        status=status,
        status_changed_at=_moment(status_changed_at),
        last_seen_at=_moment(last_seen_at),
        last_event_at=_moment(last_event_at),
        battery=battery,
        jammed=bool(jammed),
        overdue_at=_moment(overdue_at),
    )


def _moment(value: int | datetime | None) -> datetime | None:
    if isinstance(value, int):
        return EPOCH + timedelta(microseconds=value)
    # SQLite hands back naive UTC datetimes.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
