"""The audit log: every change and every read of a client's data, one row each, never changed.

`audit_record` writes one entry; `audit_record_many` writes the entries of a
change made to many rows at once (a sweep, an ingest batch, a major outage),
in one statement however many there are. Both append to the hash chain
(`audit/chain.py`) under its lock, in the caller's transaction.
`audit_purge_before` is the one way entries leave the log.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.db.models import Min, Model
from django.utils import timezone

from vredvakt.audit.chain import HASHED, as_json, chain_head, chain_lock, entry_hash
from vredvakt.audit.context import current_origin
from vredvakt.audit.models import AuditCheckpoint, AuditEntry
from vredvakt.lib.bulk_rows import rows_insert

Actor = AbstractBaseUser | AnonymousUser | None
# A change's old and new value per field name.
Changes = Mapping[str, tuple[Any, Any]]
# An entry of audit_record_many: the object's primary key, the entry's detail
# and, for a change, the old and new values.
Target = tuple[int | str, dict[str, Any] | None] | tuple[int | str, dict[str, Any] | None, Changes]
# The hashed fields, then the chain's links.
COLUMNS = (*HASHED, "prev_hash", "hash")


def _actor_id(actor: Actor) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _chained(entries: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Number and hash `entries` after the chain's head; call under chain_lock()."""
    seq, prev = chain_head()
    rows = []
    for fields in entries:
        seq += 1
        fields["seq"] = seq
        fields["prev_hash"] = prev
        fields["hash"] = prev = entry_hash(fields, prev)
        rows.append(tuple(fields[name] for name in COLUMNS))
    return rows


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    via: str,
    detail: dict[str, Any] | None = None,
    changes: Changes | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    origin = current_origin()
    fields = {
        "at": now or timezone.now(),
        "actor_id": _actor_id(actor),
        "action": action,
        "object_type": object_type or (obj._meta.label_lower if obj is not None else ""),
        "object_id": str(obj.pk) if obj is not None else "",
        "via": via,
        "detail": as_json(detail or {}),
        "changes": as_json(changes or {}),
        "ip": origin.ip,
        "user_agent": origin.user_agent,
    }
    # No savepoint: an audit write that fails must fail the whole change.
    with transaction.atomic(savepoint=False):
        chain_lock()
        [row] = _chained([fields])
        return AuditEntry.objects.create(**dict(zip(COLUMNS, row, strict=True)))


def audit_record_many(
    *,
    actor: Actor,
    action: str,
    model: type[Model],
    targets: Iterable[Target],
    via: str,
    now: datetime,
) -> int:
    """One entry per (primary key, detail[, changes]) in `targets`, all of `model`; how many."""
    object_type, actor_id, origin = model._meta.label_lower, _actor_id(actor), current_origin()
    entries = [
        {
            "at": now,
            "actor_id": actor_id,
            "action": action,
            "object_type": object_type,
            "object_id": str(target[0]),
            "via": via,
            "detail": as_json(target[1] or {}),
            "changes": as_json(target[2] if len(target) > 2 else {}),
            "ip": origin.ip,
            "user_agent": origin.user_agent,
        }
        for target in targets
    ]
    if not entries:
        return 0
    with transaction.atomic(savepoint=False):
        chain_lock()
        return rows_insert(AuditEntry, COLUMNS, _chained(entries))


def audit_client_read(*, user: Actor, clients: list[Model], via: str) -> None:
    """Personal data: every read of a client's details is logged."""
    if not clients:
        return
    audit_record_many(
        actor=user,
        action="client.read",
        model=type(clients[0]),
        targets=((client.pk, None) for client in clients),
        via=via,
        now=timezone.now(),
    )


def audit_purge_before(cutoff: datetime, *, now: datetime) -> int:
    """Remove the oldest entries dated before `cutoff`; how many.

    Only the contiguous prefix goes: an old-dated entry after a newer one stays,
    so what remains is still one unbroken chain. A checkpoint keeps the last
    removed entry's seq and hash, where verification then starts.
    """
    with transaction.atomic():
        chain_lock()
        first_kept = AuditEntry.objects.filter(at__gte=cutoff).aggregate(seq=Min("seq"))["seq"]
        doomed = AuditEntry.objects.all()
        if first_kept is not None:
            doomed = doomed.filter(seq__lt=first_kept)
        last = doomed.order_by("-seq").values_list("seq", "hash").first()
        if last is None:
            return 0
        removed = _purge_through(last[0])
        AuditCheckpoint.objects.create(
            at=now, cutoff=cutoff, seq=last[0], hash=last[1], removed=removed
        )
        return removed


def _purge_through(seq: int) -> int:
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The append-only trigger lets exactly this transaction delete.
            cursor.execute("SET LOCAL vredvakt.audit_purge = 'on'")
        cursor.execute(f"DELETE FROM {table} WHERE seq <= %s", [seq])
        removed = cursor.rowcount
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL vredvakt.audit_purge = 'off'")
    return removed
