"""Storing a verified batch of lock events and applying it to the locks' state (R17).

A batch costs a fixed number of statements whatever its size: one to lock and
read the locks it names, one to insert its new events, one to write the locks
whose state moved, one for the audit entries of status changes. The insert and
the update are SQL of our own: the ORM cannot say which rows ON CONFLICT
skipped, and bulk_update builds a CASE per field and row that costs more in
Python than the database spends. The rows travel as one JSON parameter, so the
statement text stays the same for every batch. A single event on PostgreSQL,
the commonest request, is stored and applied in one statement (_store_one).
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from vredvakt.audit.models import AuditEntry
from vredvakt.locks.hooks import after_ingest
from vredvakt.locks.ingest import IncomingEvent, routine_parameters_from
from vredvakt.locks.models import Lock, LockEvent
from vredvakt.locks.telemetry import Event, LockState, next_state
from vredvakt.routine.parameters import RoutineParameters


@dataclass(frozen=True)
class StatusChange:
    """The hook for fault cases: a lock whose status changed through telemetry (R17)."""

    lock_id: int
    vendor_lock_id: str
    old: str
    new: str
    at: datetime


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int
    unknown_locks: list[str]
    status_changes: list[StatusChange]


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
EVENT_COLUMNS = ("event_id", "vendor_lock_id", "lock_id", "type", "at", "battery")
# PostgreSQL types the JSON rows' values are cast to (moments: timestamptz).
PG_TYPES = {
    "id": "bigint",
    "lock_id": "bigint",
    "battery": "smallint",
    "jammed": "boolean",
    "status": "varchar",
    "event_id": "varchar",
    "vendor_lock_id": "varchar",
    "type": "varchar",
}

LockRow = tuple[int, LockState]


def routine_parameters(now: datetime) -> RoutineParameters:
    """The parameters of the routine version in force (RoutineVersionQuerySet.in_force).

    The same rule in SQL of our own: every telemetry request asks, and the ORM's
    compiling costs more than the query. The endpoint reads them with the
    integration instead (ingest.find_sender).
    """
    sql = (
        "SELECT CAST(parameters AS text) FROM routine_versions_routineversion "
        "WHERE valid_from <= %s ORDER BY valid_from DESC, decided_on DESC LIMIT 1"
    )
    rows = _fetch(sql, [timezone.localdate(now)])
    return routine_parameters_from(rows[0][0] if rows else None)


def lock_events_ingest(
    *,
    integration_id: int,
    vendor: str,
    events: list[IncomingEvent],
    now: datetime,
    params: RoutineParameters | None = None,
) -> IngestResult:
    params = params or routine_parameters(now)
    with transaction.atomic():
        if len(events) == 1 and connection.vendor == "postgresql":
            # The commonest request, one event: one statement fewer (_store_one).
            locks, stored, changes, moved = _store_one(
                integration_id, vendor, events[0], params, now
            )
        else:
            locks = _lock_and_read(vendor, {e.lock for e in events})
            stored = _store_new(integration_id, events, locks, now)
            changes, moved = _apply(locks, stored, params)
            if moved:
                _write_states(moved)
        _audit(changes, now)
        # Fault cases come from what this records, outside this transaction (docs/outages.md).
        after_ingest(changes, locks, moved, params, now)
    unknown = sorted({e.lock for e in events} - set(locks))
    return IngestResult(len(stored), len(events) - len(stored), unknown, changes)


def _lock_and_read(vendor: str, vendor_lock_ids: set[str]) -> dict[str, LockRow]:
    if connection.vendor == "postgresql":
        # Moments as whole microseconds since 1970 (exact: EXTRACT is numeric from
        # PostgreSQL 14): loading a timestamptz costs more than the rest of the row.
        state = [
            f"(EXTRACT(EPOCH FROM {f}) * 1000000)::bigint" if f in DATETIME_FIELDS else f
            for f in STATE_FIELDS
        ]
        # = ANY(ARRAY(…)), not IN (…): the planner cannot see how few rows a JSON
        # array holds and would scan the whole fleet instead of using the index.
        wanted = "= ANY(ARRAY(SELECT jsonb_array_elements_text(%s::jsonb)))"
        lock_rows = " FOR UPDATE"
    else:
        # SQLite: the transaction holds the database's write lock already (settings.py).
        state = list(STATE_FIELDS)
        wanted, lock_rows = "IN (SELECT value FROM json_each(%s))", ""
    columns = ", ".join(("id", "vendor_lock_id", "heartbeat_interval_s", *state))
    # Row locks taken in one order, so two batches for the same locks queue up
    # instead of deadlocking, and neither overwrites the other's state.
    sql = (
        f"SELECT {columns} FROM locks_lock WHERE vendor = %s AND vendor_lock_id {wanted} "
        f"ORDER BY id{lock_rows}"
    )
    rows = _fetch(sql, [vendor, json.dumps(sorted(vendor_lock_ids))])
    return {
        vendor_lock_id: (pk, _state(interval, state))
        for pk, vendor_lock_id, interval, *state in rows
    }


def _state(interval: int, row: list[Any]) -> LockState:
    values = dict(zip(STATE_FIELDS, row, strict=True))
    for field in DATETIME_FIELDS:
        values[field] = _moment(values[field])
    values["jammed"] = bool(values["jammed"])
    return LockState(heartbeat_interval=timedelta(seconds=interval), **values)


def _moment(value: int | datetime | None) -> datetime | None:
    if isinstance(value, int):
        return EPOCH + timedelta(microseconds=value)
    # SQLite hands back naive UTC datetimes.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _store_new(
    integration_id: int, events: list[IncomingEvent], locks: dict[str, LockRow], now: datetime
) -> list[IncomingEvent]:
    """Insert the events not seen before and return those: duplicates are stored once."""
    first: dict[str, IncomingEvent] = {}
    for event in events:
        first.setdefault(event.event_id, event)
    # The same insert order in every batch, so concurrent batches cannot deadlock.
    rows = sorted(first.values(), key=lambda e: e.event_id)
    values = [
        (e.event_id, e.lock, locks[e.lock][0] if e.lock in locks else None, e.type, e.at, e.battery)
        for e in rows
    ]
    meta = LockEvent._meta
    unique = ("integration_id", "event_id")
    extra = {"integration_id": integration_id, "received_at": now}
    sql, params = _insert_sql(meta.db_table, EVENT_COLUMNS, values, extra, unique, "event_id")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = {event_id for (event_id,) in cursor.fetchall()}
    return [e for e in rows if e.event_id in inserted]


def _store_one(
    integration_id: int,
    vendor: str,
    event: IncomingEvent,
    params: RoutineParameters,
    now: datetime,
) -> tuple[dict[str, LockRow], list[IncomingEvent], list[StatusChange], list[LockRow]]:
    """One event on PostgreSQL: read and lock its lock, then store it and write the lock at once.

    The lock's next state is worked out as if the event were new; the statement
    writes it only when the insert stored the event, so a duplicate moves nothing,
    exactly as _store_new followed by _apply and _write_states would.
    """
    locks = _lock_and_read(vendor, {event.lock})
    changes, moved = _apply(locks, [event], params)
    lock_id = locks[event.lock][0] if event.lock in locks else None
    values = [event.event_id, event.lock, lock_id, event.type, event.at, event.battery]
    sql = (
        f"WITH new AS (INSERT INTO locks_lockevent ({', '.join(EVENT_COLUMNS)}, "
        "integration_id, received_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (integration_id, event_id) DO NOTHING RETURNING id)"
    )
    params_sql: list[Any] = [*values, integration_id, now]
    if moved:
        # One event moves at most its own lock. Data-modifying WITH clauses run
        # whether or not the query reads them.
        ((pk, state),) = moved
        assignments = ", ".join(f"{f} = %s" for f in STATE_FIELDS)
        sql += (
            f", moved AS (UPDATE locks_lock SET {assignments} WHERE id = %s AND EXISTS (TABLE new))"
        )
        params_sql += [*(getattr(state, f) for f in STATE_FIELDS), pk]
    with connection.cursor() as cursor:
        cursor.execute(sql + " SELECT count(*) FROM new", params_sql)
        (stored,) = cursor.fetchone()
    if not stored:
        return locks, [], [], []
    return locks, [event], changes, moved


def _apply(
    locks: dict[str, LockRow], stored: list[IncomingEvent], params: RoutineParameters
) -> tuple[list[StatusChange], list[LockRow]]:
    """Fold each lock's new events into its state, oldest first."""
    by_lock: dict[str, list[IncomingEvent]] = defaultdict(list)
    for event in stored:
        if event.lock in locks:
            by_lock[event.lock].append(event)
    changes: list[StatusChange] = []
    moved: list[LockRow] = []
    for vendor_lock_id, events in by_lock.items():
        pk, before = locks[vendor_lock_id]
        state = before
        for e in sorted(events, key=lambda e: (e.at, e.index)):
            after = next_state(state, Event(e.type, e.at, e.battery), params)
            if after.status != state.status:
                changes.append(StatusChange(pk, vendor_lock_id, state.status, after.status, e.at))
            state = after
        if state != before:
            moved.append((pk, state))
    return changes, moved


def _write_states(moved: list[LockRow]) -> None:
    """One UPDATE for every lock the batch moved: each lock written at most once."""
    names = ("id", *STATE_FIELDS)
    values = [(pk, *(getattr(state, f) for f in STATE_FIELDS)) for pk, state in moved]
    table = connection.ops.quote_name(Lock._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(f)} = v.{f}" for f in STATE_FIELDS)
    rows, params = _rows_sql(names, values)
    sql = f"UPDATE {table} SET {assignments} FROM {rows} WHERE {table}.id = v.id"
    if connection.vendor == "postgresql":
        # As in _lock_and_read: name the rows, or the planner scans the fleet.
        sql += f" AND {table}.id = ANY(%s)"
        params.append([pk for pk, _state in moved])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _insert_sql(
    table: str,
    names: tuple[str, ...],
    values: list[tuple[Any, ...]],
    extra: dict[str, Any],
    unique: tuple[str, ...],
    returning: str,
) -> tuple[str, list[Any]]:
    rows, params = _rows_sql(names, values)
    constants = ", ".join(["%s"] * len(extra))
    columns = ", ".join(connection.ops.quote_name(c) for c in (*names, *extra))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) "
        f"SELECT v.*, {constants} FROM {rows} WHERE true "
        f"ON CONFLICT ({', '.join(unique)}) DO NOTHING RETURNING {returning}"
    )
    # The constants' placeholders come before the rows' in the statement.
    constants_params = [
        connection.ops.adapt_datetimefield_value(v) if isinstance(v, datetime) else v
        for v in extra.values()
    ]
    return sql, [*constants_params, *params]


def _rows_sql(names: tuple[str, ...], values: list[tuple[Any, ...]]) -> tuple[str, list[Any]]:
    """`values` as a table `v` with columns `names`, for FROM.

    The rows travel as one JSON parameter: the statement text is the same for
    every batch, and neither the driver nor the database handles a placeholder
    per value.
    """
    if connection.vendor == "postgresql":
        rows = json.dumps(values, default=_iso)
        columns = ", ".join(
            f"(r->>{i})::{PG_TYPES.get(n, 'timestamptz')} AS {n}" for i, n in enumerate(names)
        )
        return f"(SELECT {columns} FROM jsonb_array_elements(%s::jsonb) AS r) AS v", [rows]
    rows = json.dumps(values, default=_sqlite_datetime)
    columns = ", ".join(f"json_extract(r.value, '$[{i}]') AS {n}" for i, n in enumerate(names))
    return f"(SELECT {columns} FROM json_each(%s) AS r) AS v", [rows]


def _iso(value: datetime) -> str:
    return value.isoformat()


def _sqlite_datetime(value: datetime) -> str:
    # As the ORM stores them on SQLite: naive UTC text.
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _audit(changes: list[StatusChange], now: datetime) -> None:
    if not changes:
        return
    AuditEntry.objects.bulk_create(
        AuditEntry(
            at=now,
            action="lock.status",
            object_type="locks.lock",
            object_id=str(c.lock_id),
            via="telemetry",
            detail={"from": c.old, "to": c.new, "event_at": c.at.isoformat()},
        )
        for c in changes
    )
