"""Events that came before their lock was registered: linked to it, and its state from them (R17).

Vendors often send telemetry for a lock before the municipality registers it.
Those events are stored without a lock (ingest) and reported as unknown; when
the lock is registered they become its history, and a lock heard from
recently starts from the state they say instead of "not heard from yet".
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from django.db.models import OuterRef, Subquery

from vredvakt.locks.ingest_store import (
    LockRow,
    StatusChange,
    lock_states_record,
    routine_parameters,
)
from vredvakt.locks.models import Integration, Lock, LockEvent
from vredvakt.locks.telemetry import Event, LockState, next_state
from vredvakt.routine.parameters import RoutineParameters

# Below SQLite's limit on query parameters.
CHUNK = 500


def locks_adopt_events(locks: Sequence[Lock], now: datetime) -> int:
    """Link the events stored for these newly registered locks; return how many.

    Call it in the transaction that registers them. A lock whose newest events
    are so old that it would be overdue already keeps "not heard from yet": the
    sweep raises alarms only for locks that go silent while registered, so
    registering a lock that was taken down long ago opens no case.
    """
    by_vendor: dict[str, list[Lock]] = defaultdict(list)
    for lock in locks:
        by_vendor[lock.vendor].append(lock)
    linked = 0
    for vendor, group in by_vendor.items():
        integrations = list(Integration.objects.filter(vendor=vendor).values_list("pk", flat=True))
        same_lock = Lock.objects.filter(vendor=vendor, vendor_lock_id=OuterRef("vendor_lock_id"))
        for start in range(0, len(group), CHUNK):
            ids = [lock.vendor_lock_id for lock in group[start : start + CHUNK]]
            linked += LockEvent.objects.filter(
                lock__isnull=True, integration_id__in=integrations, vendor_lock_id__in=ids
            ).update(lock_id=Subquery(same_lock.values("pk")[:1]))
    if linked:
        _start_from_events(locks, now)
    return linked


def _start_from_events(locks: Sequence[Lock], now: datetime) -> None:
    params = routine_parameters(now)
    before: dict[str, LockRow] = {}
    moved: list[LockRow] = []
    changes: list[StatusChange] = []
    for lock, after in _folded(locks, params):
        state = lock.telemetry_state
        if after.overdue_at is None or after.overdue_at <= now:
            continue  # silent already: as if never heard from (see above)
        before[lock.vendor_lock_id] = (lock.pk, state)
        moved.append((lock.pk, after))
        if after.status != state.status:
            at = after.status_changed_at or now
            changes.append(
                StatusChange(lock.pk, lock.vendor_lock_id, state.status, after.status, at)
            )
    lock_states_record(before, moved, changes, params, now)


def _folded(locks: Sequence[Lock], params: RoutineParameters) -> list[tuple[Lock, LockState]]:
    """Each lock's state after all of its events, oldest first, streamed from the database."""
    by_pk = {lock.pk: lock for lock in locks}
    folded = []
    for start in range(0, len(locks), CHUNK):
        chunk = [lock.pk for lock in locks[start : start + CHUNK]]
        rows = (
            LockEvent.objects.filter(lock_id__in=chunk)
            .order_by("lock_id", "at", "pk")
            .values_list("lock_id", "type", "at", "battery")
            .iterator(chunk_size=2000)
        )
        for pk, events in groupby(rows, key=itemgetter(0)):
            lock = by_pk[pk]
            state = lock.telemetry_state
            for _pk, event_type, at, battery in events:
                state = next_state(state, Event(event_type, at, battery), params)
            folded.append((lock, state))
    return folded
