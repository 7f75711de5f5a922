"""State changes for the lock registry (telemetry lives in ingest.py)."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from vredvakt.audit.services import audit_record
from vredvakt.clients.models import Client
from vredvakt.lib.change_sets import apply_changes, save_or_conflict
from vredvakt.locks.adoption import locks_adopt_events
from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import with_heartbeat_interval

Actor = AbstractBaseUser | AnonymousUser | None
# Below SQLite's limit on query parameters.
RETIME_CHUNK = 500

LOCK_FIELDS = (
    "vendor",
    "model",
    "vendor_lock_id",
    "client",
    "heartbeat_interval_s",
    "area",
    "gateway",
)


def _lock_conflicts(lock: Lock) -> dict[str, str]:
    others = Lock.objects.exclude(pk=lock.pk)
    if others.filter(vendor=lock.vendor, vendor_lock_id=lock.vendor_lock_id).exists():
        message = _("%(vendor)s already has a lock with the id %(id)s in the registry.")
        return {"vendor_lock_id": message % {"vendor": lock.vendor, "id": lock.vendor_lock_id}}
    return {}


def lock_create(
    *,
    actor: Actor,
    vendor: str,
    vendor_lock_id: str,
    client: Client | None,
    model: str = "",
    heartbeat_interval_s: int = 900,
    area: str = "",
    gateway: str = "",
    via: str,
    now: datetime,
) -> Lock:
    lock = Lock(
        vendor=vendor,
        vendor_lock_id=vendor_lock_id,
        client=client,
        model=model,
        heartbeat_interval_s=heartbeat_interval_s,
        area=area,
        gateway=gateway,
    )
    with transaction.atomic():
        save_or_conflict(lock, lambda: _lock_conflicts(lock))
        detail = {"client": client.pk if client is not None else None}
        audit_record(actor=actor, action="lock.create", obj=lock, via=via, detail=detail, now=now)
        locks_adopt_events([lock], now)
    return lock


def lock_update(
    *, actor: Actor, lock: Lock, changes: Mapping[str, Any], via: str, now: datetime
) -> Lock:
    with transaction.atomic():
        changed = apply_changes(lock, changes, LOCK_FIELDS)
        written = list(changed)
        if "heartbeat_interval_s" in changed:
            lock.overdue_at = locks_retimed({lock.pk: lock.heartbeat_interval_s})[lock.pk]
            written.append("overdue_at")
        if changed:
            save_or_conflict(lock, lambda: _lock_conflicts(lock), written)
            detail = {"fields": list(changed)}
            audit_record(
                actor=actor,
                action="lock.update",
                obj=lock,
                via=via,
                detail=detail,
                changes=changed,
                now=now,
            )
    return lock


def locks_retimed(intervals: Mapping[int, int]) -> dict[int, datetime | None]:
    """Each lock's deadline under its new heartbeat interval (seconds), by lock id (R17).

    Call it in the transaction that writes the intervals: it locks the rows, so
    telemetry arriving meanwhile waits, and the deadline moves from the latest
    state instead of the next heartbeat (a longer interval must not raise a
    false alarm at the old deadline).
    """
    deadlines: dict[int, datetime | None] = {}
    ids = sorted(intervals)
    for start in range(0, len(ids), RETIME_CHUNK):
        chunk = ids[start : start + RETIME_CHUNK]
        for lock in Lock.objects.select_for_update().filter(pk__in=chunk).order_by("pk"):
            interval = timedelta(seconds=intervals[lock.pk])
            deadlines[lock.pk] = with_heartbeat_interval(lock.telemetry_state, interval).overdue_at
    return deadlines
