"""The audit log: every change and every read of a client's data, one row each, never changed.

`audit_record` writes one entry; `audit_record_many` writes the entries of a
change made to many rows at once (a sweep, an ingest batch, a major outage),
in one statement however many there are.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model
from django.utils import timezone

from vredvakt.audit.models import AuditEntry
from vredvakt.lib.bulk_rows import rows_insert

Actor = AbstractBaseUser | AnonymousUser | None
# An entry of audit_record_many: the object's primary key and the entry's detail.
Target = tuple[int | str, dict[str, Any] | None]
COLUMNS = ("at", "actor_id", "action", "object_type", "object_id", "via", "detail")


def _actor_id(actor: Actor) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    via: str,
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        at=now or timezone.now(),
        actor_id=_actor_id(actor),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        via=via,
        detail=detail or {},
    )


def audit_record_many(
    *,
    actor: Actor,
    action: str,
    model: type[Model],
    targets: Iterable[Target],
    via: str,
    now: datetime,
) -> int:
    """One entry per (primary key, detail) in `targets`, all objects of `model`; how many."""
    object_type, actor_id = model._meta.label_lower, _actor_id(actor)
    rows = [
        (now, actor_id, action, object_type, str(pk), via, detail or {}) for pk, detail in targets
    ]
    if not rows:
        return 0
    return rows_insert(AuditEntry, COLUMNS, rows)


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
    """Delete entries older than `cutoff` (retention, #14); how many. The only way to delete any.

    Minimal version for the retention job; the audit trail's own version (hash
    chain, #14 item 4) replaces it when the branches are merged.
    """
    deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return deleted
