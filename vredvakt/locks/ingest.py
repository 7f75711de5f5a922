"""Lock telemetry from the vendors' systems (R17): verify the request, parse the events.

The wire format is documented for vendors in docs/integration.md; keep the two
in step. Every check here runs before anything is stored (ingest_store.py), so
a rejected request leaves the database as it was.
"""

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db import connection

from vredvakt.accounts.ratelimit import pg_hit_cte
from vredvakt.locks.models import Integration
from vredvakt.locks.state_sql import (
    STATE_FIELDS,
    LockLookup,
    LockRead,
    pg_state_columns,
    state_from_row,
)
from vredvakt.locks.telemetry import EventType
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.in_force import IN_FORCE_PARAMETERS_SQL

MAX_BODY_BYTES = 1024 * 1024
MAX_EVENTS = 1000
# A signed request is accepted for this long, and an event may claim to lie this
# far in the future (vendors' clocks drift); later than that would freeze the
# lock's state, since older events never move it back.
MAX_CLOCK_SKEW = timedelta(minutes=5)
UNIX_SECONDS = re.compile(r"[0-9]{1,12}")
MAX_EVENT_ID = 100
MAX_LOCK_ID = 80
SIGNATURE_PREFIX = "sha256="
LAST_USED_RESOLUTION = timedelta(minutes=1)
EVENT_TYPES = frozenset(EventType.values)


class IngestRejected(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthorized(IngestRejected):
    status = 401


class TooLarge(IngestRejected):
    status = 413


@dataclass(frozen=True)
class ItemError:
    index: int | None
    field: str | None
    message: str


class Malformed(IngestRejected):
    status = 422

    def __init__(self, errors: list[ItemError]) -> None:
        super().__init__(f"{len(errors)} error(s) in the events")
        self.errors = errors


@dataclass(frozen=True)
class IncomingEvent:
    index: int
    event_id: str
    lock: str
    type: str
    at: datetime
    battery: int | None


@dataclass(frozen=True)
class Refused:
    """An event of an accepted batch that was not stored, and why (docs/integration.md)."""

    index: int
    event_id: str
    field: str | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "event_id": self.event_id,
            "field": self.field,
            "message": self.message,
        }


def refuse_too_old(
    events: list[IncomingEvent], now: datetime, max_age: timedelta
) -> tuple[list[IncomingEvent], list[Refused]]:
    """Events within `max_age`, and the older ones refused.

    Unbounded backdating would let a vendor (or a replayed log) fill the table
    with history no one acts on; the rest of the batch is still taken, so one
    stale event does not make a vendor retry the whole batch for ever.
    """
    oldest = now - max_age
    message = f"at is more than {max_age.days} days old: not stored"
    kept = [e for e in events if e.at >= oldest]
    refused = [Refused(e.index, e.event_id, "at", message) for e in events if e.at < oldest]
    return kept, refused


def signature_for(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + body
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def check_content_length(raw: str | None) -> None:
    # Before reading the body: a vendor's runaway batch must not cost us memory.
    try:
        length = int(raw or "0")
    except ValueError:
        raise IngestRejected("Content-Length is not a number") from None
    if length > MAX_BODY_BYTES:
        raise TooLarge(f"body over {MAX_BODY_BYTES} bytes")


def check_timestamp(raw: str | None, now: datetime) -> str:
    # A captured request cannot be replayed later than this (its events would be
    # duplicates anyway; this keeps the window small).
    if not raw:
        raise Unauthorized("missing X-Vredvakt-Timestamp")
    # ASCII digits, and few enough to be a moment: a 400-digit number overflows the clock.
    if not UNIX_SECONDS.fullmatch(raw):
        raise Unauthorized("X-Vredvakt-Timestamp is not unix seconds")
    sent = int(raw)
    if abs(now.timestamp() - sent) > MAX_CLOCK_SKEW.total_seconds():
        raise Unauthorized("X-Vredvakt-Timestamp too far from the server's clock")
    return raw


@dataclass(frozen=True)
class Sender:
    """The active integration a request names, as much of it as the ingest needs."""

    integration_id: int
    vendor: str
    secrets: tuple[str, ...]
    last_used_at: datetime | None
    # The routine version in force today: read with the integration, one round trip less.
    params: RoutineParameters
    # A single event's lock, read with the integration too (see lock_hint).
    lookup: LockLookup | None = None
    # This request's count in its rate-limit window, counted by the same query
    # (PostgreSQL); None: not counted yet (rate_hit).
    count: int | None = None


# The integration, the parameters of the routine version in force
# (IN_FORCE_PARAMETERS_SQL) and, for a single event, its lock, in one plain
# query: every telemetry request asks, and the ORM's compiling costs more than
# the query.
SENDER_TEMPLATE = (
    f"SELECT i.id, i.vendor, i.secret, i.previous_secret, i.last_used_at, "
    f"({IN_FORCE_PARAMETERS_SQL}), "
    "{lock_columns}, {count} "
    "FROM locks_integration i LEFT JOIN locks_lock l "
    "ON l.vendor = i.vendor AND l.vendor_lock_id = %s "
    "WHERE i.name = %s AND i.active AND i.revoked_at IS NULL"
)
# With the lock's row version: PostgreSQL only, for the unlocked path (ingest_store.py).
LOCK_COLUMNS = f"l.id, l.xmin::text, l.heartbeat_interval_s, {pg_state_columns('l')}"
NO_LOCK_COLUMNS = ", ".join(["NULL"] * (3 + len(STATE_FIELDS)))
# PostgreSQL counts the request against the rate limit in the same statement
# (#17: one round trip and one commit less). Before the signature is checked,
# so a request with a bad one counts too, but only against its own address.
COUNTING_PREFIX = (
    "WITH sender AS (SELECT id FROM locks_integration WHERE name = %s AND active "
    "AND revoked_at IS NULL), "
    + pg_hit_cte("'ingest:' || sender.id || ' ' || %s::text", "sender")
    + " "
)
COUNT = "(SELECT count FROM hit)"
# Outside a transaction the statement is its own, and a count need not wait for
# the disk (accounts/ratelimit.py, HIT_ASYNC_SQL).
COUNT_ASYNC = f"{COUNT}, set_config('synchronous_commit', 'off', true)"
# A single event's body is small; anything longer is a batch, whose locks are read later.
LOCK_HINT_MAX_BYTES = 1024


def lock_hint(body: bytes) -> str | None:
    """The lock a one-event body names, not yet verified: what find_sender may read early.

    Only a guess to save a round trip: the body is checked in full after its
    signature (parse_events), and the store reads the lock again if the guess
    was not the event's lock.
    """
    if len(body) > LOCK_HINT_MAX_BYTES:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict):
        lock = data[0].get("lock")
        return lock if isinstance(lock, str) and len(lock) <= MAX_LOCK_ID else None
    return None


@lru_cache(maxsize=8)
def sender_sql(*, read_lock: bool, count: bool, alone: bool) -> str:
    """The sender query: with a single event's lock or not, counting or not, its own commit."""
    lock_columns = LOCK_COLUMNS if read_lock else NO_LOCK_COLUMNS
    if not count:
        return SENDER_TEMPLATE.format(lock_columns=lock_columns, count="NULL")
    counted = COUNT_ASYNC if alone else COUNT
    return COUNTING_PREFIX + SENDER_TEMPLATE.format(lock_columns=lock_columns, count=counted)


def find_sender(
    name: str | None,
    today: date,
    lock: str | None = None,
    *,
    count_for: str | None = None,
    window: int = 0,
) -> Sender:
    """The integration `name`; on PostgreSQL, `count_for` (an address) counts the request too."""
    if not name:
        raise Unauthorized("missing X-Vredvakt-Integration")
    postgres = connection.vendor == "postgresql"
    read_lock = lock is not None and postgres
    count = count_for is not None and postgres
    alone = count and not connection.in_atomic_block
    sql = sender_sql(read_lock=read_lock, count=count, alone=alone)
    values: list[date | str | int | None] = [today, lock if read_lock else None, name]
    if count:
        values = [name, count_for, window, *values]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        # Same answer as a bad signature: callers cannot probe for names.
        raise Unauthorized("bad signature or unknown integration")
    integration_id, vendor, secret, previous_secret, last_used, params, *lock_row = row
    pk, version, interval, *state_row, counted = lock_row[: 4 + len(STATE_FIELDS)]
    # The previous secret stays valid while a rotation is under way.
    secrets = tuple(s for s in (secret, previous_secret) if s)
    lookup = None
    if read_lock and lock is not None:
        found = LockRead(pk, version, state_from_row(interval, state_row)) if pk else None
        lookup = LockLookup(lock, found)
    return Sender(
        integration_id,
        vendor,
        secrets,
        _aware(last_used),
        routine_parameters_from(params),
        lookup,
        counted if count else None,
    )


def _aware(value: datetime | str | None) -> datetime | None:
    # SQLite hands back text from a plain cursor, PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def note_use(sender: Sender, now: datetime) -> None:
    """Record that the integration was heard from; at most once a minute, to save writes."""
    if sender.last_used_at is not None and now - sender.last_used_at < LAST_USED_RESOLUTION:
        return
    # Through the ORM: it writes the moment as each database stores it, and this runs rarely.
    Integration.objects.filter(pk=sender.integration_id).update(last_used_at=now)


@lru_cache(maxsize=16)
def routine_parameters_from(text: str | None) -> RoutineParameters:
    """The parameters a routine version's JSON says; none in force means the defaults.

    Cached by the JSON text itself, so a changed version is a different key and
    nothing can go stale: only the parsing is saved, not the query.
    """
    return RoutineParameters.from_json(json.loads(text)) if text else RoutineParameters()


def check_signature(sender: Sender, timestamp: str, body: bytes, given: str) -> None:
    # compare_digest on every candidate, so the time taken says nothing about which failed.
    expected = [signature_for(secret, timestamp, body) for secret in sender.secrets]
    matches = [hmac.compare_digest(e, given) for e in expected]
    if not any(matches):
        raise Unauthorized("bad signature or unknown integration")


def parse_events(body: bytes, now: datetime) -> list[IncomingEvent]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise Malformed([ItemError(None, None, "body is not valid JSON")]) from None
    if not isinstance(data, list):
        raise Malformed([ItemError(None, None, "body must be a JSON array of events")])
    if not data:
        raise Malformed([ItemError(None, None, "body must hold at least one event")])
    if len(data) > MAX_EVENTS:
        raise TooLarge(f"over {MAX_EVENTS} events in one request")
    events: list[IncomingEvent] = []
    errors: list[ItemError] = []
    for index, item in enumerate(data):
        event = _parse_item(index, item, now, errors)
        if event is not None:
            events.append(event)
    if errors:
        raise Malformed(errors)
    return events


def _parse_item(
    index: int, item: Any, now: datetime, errors: list[ItemError]
) -> IncomingEvent | None:
    if not isinstance(item, dict):
        errors.append(ItemError(index, None, "event must be a JSON object"))
        return None
    before = len(errors)
    event_id = _text(index, item, "event_id", MAX_EVENT_ID, errors)
    lock = _text(index, item, "lock", MAX_LOCK_ID, errors)
    event_type = item.get("type")
    if event_type not in EVENT_TYPES:
        message = f"type must be one of: {', '.join(sorted(EVENT_TYPES))}"
        errors.append(ItemError(index, "type", message))
    at = _moment(index, item.get("at"), now, errors)
    battery = _battery(index, item.get("battery"), errors)
    if len(errors) > before or at is None:
        return None
    return IncomingEvent(index, event_id, lock, str(event_type), at, battery)


def _text(index: int, item: dict[str, Any], field: str, limit: int, errors: list[ItemError]) -> str:
    value = item.get(field)
    if not isinstance(value, str) or not value:
        errors.append(ItemError(index, field, f"{field} must be a non-empty string"))
        return ""
    if len(value) > limit:
        errors.append(ItemError(index, field, f"{field} must be at most {limit} characters"))
    return value


def _moment(index: int, value: Any, now: datetime, errors: list[ItemError]) -> datetime | None:
    try:
        at = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        at = None
    if at is None:
        errors.append(ItemError(index, "at", "at must be an ISO 8601 date and time"))
    elif at.tzinfo is None or at.utcoffset() is None:
        errors.append(ItemError(index, "at", "at must carry a UTC offset, e.g. +01:00 or Z"))
    elif at > now + MAX_CLOCK_SKEW:
        errors.append(ItemError(index, "at", "at lies in the future"))
    else:
        return at.astimezone(UTC)
    return None


def _battery(index: int, value: Any, errors: list[ItemError]) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        errors.append(ItemError(index, "battery", "battery must be a whole number 0-100"))
        return None
    return value
