"""Storing a verified batch of lock events and applying it to the locks' state (R17).

A batch costs a fixed number of statements whatever its size: one to read the
locks it names, one to insert its new events, one to write the locks whose
state moved, one for the audit entries of status changes. On PostgreSQL the
read takes no row locks: the write locks the rows (in one order) only at the
end of the transaction and writes a lock only while its row is still the
version read, so concurrent batches naming the same locks wait for each other
only over the commit, not over the whole batch (#17). A lock another batch
moved in between is read again, locked, and its state worked out anew from
this batch's events (_write_unless_moved). The insert and the update are SQL
of our own: the ORM cannot say which rows ON CONFLICT skipped, and bulk_update
builds a CASE per field and row that costs more in Python than the database
spends. The rows travel as one array per column (PostgreSQL) or one JSON
parameter (SQLite), so the statement text stays the same for every batch
(_rows_sql). A single quiet event on
PostgreSQL, the commonest request, needs no transaction: one read and one
statement (_store_one_unlocked).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from vredvakt.audit.services import audit_record_many
from vredvakt.lib.conflicts import retry_on_conflict
from vredvakt.locks.hooks import after_ingest
from vredvakt.locks.ingest import IncomingEvent, Refused, routine_parameters_from
from vredvakt.locks.models import Lock, LockEvent
from vredvakt.locks.state_sql import (
    DATETIME_FIELDS,
    STATE_FIELDS,
    LockLookup,
    LockRead,
    pg_state_columns,
    state_from_row,
)
from vredvakt.locks.telemetry import Event, LockState, is_notable, next_state
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.in_force import IN_FORCE_PARAMETERS_SQL


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
    refused: list[Refused] = field(default_factory=list)


EVENT_COLUMNS = ("event_id", "vendor_lock_id", "lock_id", "type", "at", "battery")
# PostgreSQL types the JSON rows' values are cast to.
PG_TYPES = {
    "id": "bigint",
    "version": "xid",
    "lock_id": "bigint",
    "battery": "smallint",
    "jammed": "boolean",
    "status": "varchar",
    "event_id": "varchar",
    "vendor_lock_id": "varchar",
    "type": "varchar",
    "at": "timestamptz",
    **dict.fromkeys(DATETIME_FIELDS, "timestamptz"),
}


def pg_type(column: str) -> str:
    """The type a JSON row's value is cast to; a column not listed is a mistake, not a moment."""
    if column not in PG_TYPES:
        raise ValueError(f"no PostgreSQL type for column {column!r}: add it to PG_TYPES")
    return PG_TYPES[column]


LockRow = tuple[int, LockState]


def routine_parameters(now: datetime) -> RoutineParameters:
    """The parameters of the routine version in force (IN_FORCE_PARAMETERS_SQL).

    The endpoint reads them with the integration instead (ingest.find_sender).
    """
    rows = _fetch(IN_FORCE_PARAMETERS_SQL, [timezone.localdate(now)])
    return routine_parameters_from(rows[0][0] if rows else None)


def lock_events_ingest(
    *,
    integration_id: int,
    vendor: str,
    events: list[IncomingEvent],
    now: datetime,
    params: RoutineParameters | None = None,
    lookup: LockLookup | None = None,
    orphan_limit: int | None = None,
) -> IngestResult:
    """Store `events` and apply them; `lookup` may hold a single event's lock, read already.

    At most `orphan_limit` events (default: settings.INGEST_MAX_UNKNOWN_LOCK_EVENTS)
    are kept per integration for locks not registered: past that they are refused.
    """
    params = params or routine_parameters(now)
    limit = settings.INGEST_MAX_UNKNOWN_LOCK_EVENTS if orphan_limit is None else orphan_limit
    if len(events) == 1 and connection.vendor == "postgresql":
        # The commonest request: one heartbeat that moves only the lock's deadline.
        quiet = _store_one_unlocked(integration_id, vendor, events[0], params, now, lookup, limit)
        if quiet is not None:
            return quiet
    # A deadlock with another writer rolled the whole batch back: nothing of it is
    # stored, so it is run again (vredvakt/lib/conflicts.py).
    locks, kept, stored, refused, changes = retry_on_conflict(
        lambda: _store_batch(integration_id, vendor, events, now, params, limit)
    )
    unknown = sorted({e.lock for e in events} - set(locks))
    accepted = len(stored)
    return IngestResult(accepted, len(kept) - accepted, unknown, changes, refused)


Batch = tuple[
    dict[str, LockRow], list[IncomingEvent], list[IncomingEvent], list[Refused], list[StatusChange]
]


def _store_batch(
    integration_id: int,
    vendor: str,
    events: list[IncomingEvent],
    now: datetime,
    params: RoutineParameters,
    limit: int,
) -> Batch:
    """One transaction: the locks, the events kept and stored, those refused, the status changes."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            locks, versions = _read_versions(vendor, {e.lock for e in events})
        else:
            # SQLite: the transaction holds the database's write lock already (settings.py).
            locks, versions = _lock_and_read(vendor, {e.lock for e in events}), {}
        kept, refused = _within_orphan_room(integration_id, events, locks, limit)
        stored = _store_new(integration_id, kept, locks, now)
        changes, moved = _apply(locks, stored, params)
        if versions and moved:
            changes, moved = _write_unless_moved(
                vendor, locks, versions, stored, params, changes, moved
            )
        elif moved:
            _write_states(moved)
        _record(changes, locks, moved, params, now)
    return locks, kept, stored, refused, changes


# Counting stops at the limit, so the cost stays bounded however many there are.
ORPHANS_SQL = (
    "SELECT count(*) FROM (SELECT 1 FROM locks_lockevent "
    "WHERE integration_id = %s AND lock_id IS NULL LIMIT %s) AS orphans"
)


def _orphan_room(integration_id: int, limit: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(ORPHANS_SQL, [integration_id, limit])
        (count,) = cursor.fetchone()
    return max(limit - count, 0)


def _orphan_refusal(event: IncomingEvent, limit: int) -> Refused:
    message = (
        f"lock is not registered and this integration already has {limit} events "
        "for unregistered locks: not stored"
    )
    return Refused(event.index, event.event_id, "lock", message)


def _within_orphan_room(
    integration_id: int, events: list[IncomingEvent], locks: dict[str, "LockRow"], limit: int
) -> tuple[list[IncomingEvent], list[Refused]]:
    """The events to store: all for known locks, for unknown ones only while there is room.

    Events for locks not registered yet are kept so that registering the lock
    adopts them (adoption.py), but a vendor cannot fill the table with made-up
    lock ids. Concurrent batches may pass the limit by a batch at most.
    """
    orphans = [e for e in events if e.lock not in locks]
    if not orphans:
        return events, []
    room = _orphan_room(integration_id, limit)
    refused_orphans = orphans[room:]
    if not refused_orphans:
        return events, []
    dropped = {e.index for e in refused_orphans}
    kept = [e for e in events if e.index not in dropped]
    return kept, [_orphan_refusal(e, limit) for e in refused_orphans]


def lock_states_record(
    before: dict[str, LockRow],
    moved: list[LockRow],
    changes: list[StatusChange],
    params: RoutineParameters,
    now: datetime,
) -> None:
    """Write the states that moved, audit the status changes and tell the hooks.

    In the caller's transaction, with the locks' rows locked (or just created).
    """
    if moved:
        _write_states(moved)
    _record(changes, before, moved, params, now)


def _record(
    changes: list[StatusChange],
    before: dict[str, LockRow],
    moved: list[LockRow],
    params: RoutineParameters,
    now: datetime,
) -> None:
    """Audit the status changes and tell the hooks, in the transaction that wrote them."""
    _audit(changes, now)
    # Fault cases come from what this records, outside this transaction (docs/outages.md).
    after_ingest(changes, before, moved, params, now)


# The locks a batch names, with their row versions, read without row locks (PostgreSQL).
READ_VERSIONS_SQL = (
    f"SELECT id, vendor_lock_id, xmin::text, heartbeat_interval_s, "
    f"{pg_state_columns('locks_lock')} FROM locks_lock WHERE vendor = %s AND vendor_lock_id "
    # = ANY(ARRAY(…)), not IN (…): see _lock_and_read.
    "= ANY(ARRAY(SELECT jsonb_array_elements_text(%s::jsonb)))"
)


def _read_versions(
    vendor: str, vendor_lock_ids: set[str]
) -> tuple[dict[str, LockRow], dict[int, str]]:
    rows = _fetch(READ_VERSIONS_SQL, [vendor, json.dumps(sorted(vendor_lock_ids))])
    locks: dict[str, LockRow] = {}
    versions: dict[int, str] = {}
    for pk, vendor_lock_id, version, interval, *state in rows:
        locks[vendor_lock_id] = (pk, state_from_row(interval, state))
        versions[pk] = version
    return locks, versions


def _write_unless_moved(
    vendor: str,
    locks: dict[str, LockRow],
    versions: dict[int, str],
    stored: list[IncomingEvent],
    params: RoutineParameters,
    changes: list[StatusChange],
    moved: list[LockRow],
) -> tuple[list[StatusChange], list[LockRow]]:
    """Write the moved states whose rows are still the versions read; redo the others.

    Returns the status changes and moves that were written. A lock is redone
    from its row as it is now, locked: a lock's state only moves forward from
    what is stored (telemetry.next_state ignores events older than the newest
    applied), so that is exact (R17).
    """
    written = _write_if_version(moved, versions)
    if len(written) == len(moved):
        return changes, moved
    redo = {pk for pk, _state in moved} - written
    names = {name for name, (pk, _state) in locks.items() if pk in redo}
    fresh = _lock_and_read(vendor, names)
    locks.update(fresh)
    changes, moved_again = _apply(locks, stored, params)
    again = [(pk, state) for pk, state in moved_again if pk in redo]
    if again:
        _write_states(again)
    kept = [(pk, state) for pk, state in moved if pk in written]
    return changes, kept + again


def _by_pk(row: LockRow) -> int:
    return row[0]


def _write_if_version(moved: list[LockRow], versions: dict[int, str]) -> set[int]:
    """One UPDATE of the moved locks whose rows are still the versions read; their ids."""
    values = [
        (pk, versions[pk], *(getattr(state, f) for f in STATE_FIELDS))
        for pk, state in sorted(moved, key=_by_pk)
    ]
    rows, params = _rows_sql(("id", "version", *STATE_FIELDS), values)
    pks = sorted(pk for pk, _state in moved)
    with connection.cursor() as cursor:
        cursor.execute(WRITE_IF_VERSION_SQL.format(rows=rows), [pks, *params, pks])
        return {pk for (pk,) in cursor.fetchall()}


# Every named row locked first, in id order (ORDER BY under the row lock), then
# written only where its xmin is still the version read: PostgreSQL checks that
# on the newest version once the lock is ours. So concurrent batches lock rows
# in one order and cannot deadlock, and a lock redone afterwards is ours already.
# FOR NO KEY UPDATE, the lock an UPDATE takes anyway: unlike FOR UPDATE it lets
# other batches insert events that reference the lock (their foreign-key check).
WRITE_IF_VERSION_SQL = (
    "WITH held AS (SELECT id FROM locks_lock WHERE id = ANY(%s::bigint[]) ORDER BY id "
    "FOR NO KEY UPDATE) "
    "UPDATE locks_lock SET "
    + ", ".join(f"{f} = v.{f}" for f in STATE_FIELDS)
    + " FROM {rows} WHERE locks_lock.id = v.id AND locks_lock.xmin = v.version "
    "AND locks_lock.id IN (SELECT id FROM held) "
    "AND locks_lock.id = ANY(%s::bigint[]) RETURNING locks_lock.id"
)


def _lock_and_read(vendor: str, vendor_lock_ids: set[str]) -> dict[str, LockRow]:
    if connection.vendor == "postgresql":
        state = pg_state_columns("locks_lock")
        # = ANY(ARRAY(…)), not IN (…): the planner cannot see how few rows a JSON
        # array holds and would scan the whole fleet instead of using the index.
        wanted = "= ANY(ARRAY(SELECT jsonb_array_elements_text(%s::jsonb)))"
        # NO KEY: see WRITE_IF_VERSION_SQL.
        lock_rows = " FOR NO KEY UPDATE"
    else:
        # SQLite: the transaction holds the database's write lock already (settings.py).
        state = ", ".join(STATE_FIELDS)
        wanted, lock_rows = "IN (SELECT value FROM json_each(%s))", ""
    columns = f"id, vendor_lock_id, heartbeat_interval_s, {state}"
    # Row locks taken in one order, so two batches for the same locks queue up
    # instead of deadlocking, and neither overwrites the other's state.
    sql = (
        f"SELECT {columns} FROM locks_lock WHERE vendor = %s AND vendor_lock_id {wanted} "
        f"ORDER BY id{lock_rows}"
    )
    rows = _fetch(sql, [vendor, json.dumps(sorted(vendor_lock_ids))])
    return {
        vendor_lock_id: (pk, state_from_row(interval, state))
        for pk, vendor_lock_id, interval, *state in rows
    }


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


# One event, its parameters typed: PostgreSQL binds them on the server (config/settings.py).
INSERT_ONE_SQL = (
    f"INSERT INTO locks_lockevent ({', '.join(EVENT_COLUMNS)}, integration_id, received_at) "
    "SELECT %s::varchar, %s::varchar, %s::bigint, %s::varchar, %s::timestamptz, "
    "%s::smallint, %s::bigint, %s::timestamptz"
)
IF_NEW = " ON CONFLICT (integration_id, event_id) DO NOTHING RETURNING id"
# A quiet event of a known lock: stored only while the lock's row is the version
# read (its xmin), and the lock written only if the event was new. Data-modifying
# WITH clauses run whether or not the query reads them. The statement is its own
# transaction, and set_config(…, true) makes that one commit asynchronous: see
# docs/decisions.md ("A quiet single event needs no transaction").
QUIET_TEMPLATE = (
    "WITH current AS (SELECT id FROM locks_lock WHERE id = %s AND xmin = %s::xid "
    "FOR NO KEY UPDATE), "
    f"new AS ({INSERT_ONE_SQL} WHERE EXISTS (TABLE current){IF_NEW})"
    "{moved} SELECT (SELECT count(*) FROM current), (SELECT count(*) FROM new), "
    "set_config('synchronous_commit', 'off', true)"
)
QUIET_MOVE_SQL = QUIET_TEMPLATE.format(
    moved=", moved AS (UPDATE locks_lock SET "
    + ", ".join(f"{f} = %s" for f in STATE_FIELDS)
    + " WHERE id = %s AND EXISTS (TABLE new))"
)
QUIET_STORE_SQL = QUIET_TEMPLATE.format(moved="")
READ_ONE_SQL = (
    f"SELECT id, xmin::text, heartbeat_interval_s, {pg_state_columns('locks_lock')} "
    "FROM locks_lock WHERE vendor = %s AND vendor_lock_id = %s"
)


def _store_one_unlocked(
    integration_id: int,
    vendor: str,
    event: IncomingEvent,
    params: RoutineParameters,
    now: datetime,
    lookup: LockLookup | None,
    orphan_limit: int,
) -> IngestResult | None:
    """One quiet event on PostgreSQL, without a transaction: the steady state of the fleet.

    The lock is read without a row lock and its next state worked out; one
    statement then stores the event and writes that state, but only if the row
    is still the version that was read (PostgreSQL's xmin changes with every
    update, so nothing another request wrote in between can be lost) and only
    if the event is new (a duplicate moves nothing). None means "take the
    locking path": the lock changed meanwhile, or the event is notable, and the
    audit log and the hooks must record it in the same transaction.
    """
    if lookup is not None and lookup.vendor_lock_id == event.lock:
        found = lookup.found
    else:
        found = _read_unlocked(vendor, event.lock)
    lock_id = found.pk if found else None
    new_event = [event.event_id, event.lock, lock_id, event.type, event.at, event.battery]
    new_event += [integration_id, now]
    if found is None:
        # No lock of ours: the event is kept (its lock may be registered later), nothing moves.
        if not _orphan_room(integration_id, orphan_limit):
            return IngestResult(0, 0, [event.lock], [], [_orphan_refusal(event, orphan_limit)])
        with connection.cursor() as cursor:
            cursor.execute(INSERT_ONE_SQL + IF_NEW, new_event)
            stored = len(cursor.fetchall())
        return IngestResult(stored, 1 - stored, [event.lock], [])
    changes, moved = _apply({event.lock: (found.pk, found.state)}, [event], params)
    if changes or any(is_notable(found.state, after, params) for _pk, after in moved):
        return None
    sql, sql_params = QUIET_STORE_SQL, [found.pk, found.version, *new_event]
    if moved:
        ((_pk, state),) = moved
        sql = QUIET_MOVE_SQL
        sql_params += [*(getattr(state, f) for f in STATE_FIELDS), found.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        unchanged, stored, _ = cursor.fetchone()
    if not unchanged:
        return None
    return IngestResult(stored, 1 - stored, [], [])


def _read_unlocked(vendor: str, vendor_lock_id: str) -> LockRead | None:
    """One lock's state and row version, read without a row lock (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(READ_ONE_SQL, [vendor, vendor_lock_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    ((pk, version, interval, *values),) = rows
    return LockRead(pk, version, state_from_row(interval, values))


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

    The statement text is the same for every batch, and neither the driver nor
    the database handles a placeholder per value. PostgreSQL gets one array
    per column, bound in binary (%b): no text to write in Python or to parse
    in the server (#17: JSON cost both more than the rest of the batch).
    SQLite gets the rows as one JSON parameter.
    """
    if connection.vendor == "postgresql":
        columns = [list(column) for column in zip(*values, strict=True)] or [[] for _ in names]
        arrays = ", ".join(f"%b::{pg_type(n)}[]" for n in names)
        return f"unnest({arrays}) AS v({', '.join(names)})", columns
    rows = json.dumps(values, default=_sqlite_datetime)
    columns_sql = ", ".join(f"json_extract(r.value, '$[{i}]') AS {n}" for i, n in enumerate(names))
    return f"(SELECT {columns_sql} FROM json_each(%s) AS r) AS v", [rows]


def _sqlite_datetime(value: datetime) -> str:
    # As the ORM stores them on SQLite: naive UTC text.
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _audit(changes: list[StatusChange], now: datetime) -> None:
    if not changes:
        return
    audit_record_many(
        actor=None,
        action="lock.status",
        model=Lock,
        targets=(
            (c.lock_id, {"from": c.old, "to": c.new, "event_at": c.at.isoformat()}) for c in changes
        ),
        via="telemetry",
        now=now,
    )
