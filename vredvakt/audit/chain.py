"""The audit log's hash chain: how an entry is hashed, and the lock that orders appends.

Each entry's hash is sha256 over a canonical JSON of its fields and the hash
of the entry before it, so editing, removing or inserting an entry in the
middle breaks the chain at that point. Appends take one lock per database
(a transaction-scoped advisory lock on PostgreSQL; SQLite's IMMEDIATE
transactions already serialize writers) and read the head under it, so
several web processes and workers writing at once still make one chain.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import Model

from vredvakt.audit.models import AuditCheckpoint, AuditEntry

GENESIS = "0" * 64
# Any constant key will do; it names "the audit chain" among advisory locks.
ADVISORY_LOCK_KEY = 0x56524544_41554454  # "VREDAUDT"
# The fields that go into the hash, in the order verification reads them.
HASHED = (
    "seq",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "via",
    "detail",
    "changes",
    "ip",
    "user_agent",
)


def entry_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """sha256 over the canonical JSON of the HASHED fields and the previous hash."""
    payload = {name: fields[name] for name in HASHED}
    payload["at"] = at_text(fields["at"])
    payload["prev_hash"] = prev_hash
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def at_text(at: datetime) -> str:
    # Both databases store microseconds in UTC: hash what reads back.
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def as_json(value: Any) -> Any:
    """A value as it reads back from a JSON column: dates as ISO strings, rows as keys."""
    if isinstance(value, Mapping):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [as_json(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, Decimal | UUID):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def chain_lock() -> None:
    """Serialize appends until the transaction ends (call inside transaction.atomic)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def chain_head() -> tuple[int, str]:
    """The last entry's seq and hash; after a purge of everything, the checkpoint's."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    if last is not None:
        return last
    checkpoint = AuditCheckpoint.objects.order_by("-seq").values_list("seq", "hash").first()
    return checkpoint if checkpoint is not None else (0, GENESIS)
