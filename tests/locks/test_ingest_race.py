"""Vendors posting the same lock's events at once lose none of them (R17), on PostgreSQL.

Single events are stored without a transaction (docs/decisions.md); a request
whose lock changed after it read it falls back to the locking path. However
the requests interleave, every event is stored once and the lock's state is
the newest event's.
"""

import threading
from datetime import datetime, timedelta

import pytest
from django.db import connection, connections

from tests.conftest import World
from tests.locks.conftest import NOW, event, post
from vredvakt.audit.models import AuditEntry
from vredvakt.locks.models import Integration, Lock, LockEvent
from vredvakt.locks.telemetry import LockStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("frozen")]

THREADS = 4
EACH = 25
TIMEOUT = 60  # seconds; only reached when something is broken


def test_concurrent_events_of_one_lock_are_all_kept(world: World, phoniro: Integration) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: requests cannot interleave")
    statuses: list[int] = []

    def send(thread: int) -> None:
        try:
            for n in range(EACH):
                # Distinct moments, interleaved across the threads, in no global order.
                at = NOW - timedelta(seconds=THREADS * EACH - n * THREADS - thread)
                kind = "battery" if n % 5 == 0 else "heartbeat"
                response = post([event(f"t{thread}-{n}", type=kind, at=at, battery=90 - n)])
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    seen: list[datetime] = []
    done = threading.Event()

    def watch() -> None:
        # R17: the state never moves backwards, at any moment in between either.
        try:
            while not done.is_set():
                moment = Lock.objects.values_list("last_event_at", flat=True).get(
                    pk=world.karin_lock.pk
                )
                if moment is not None:
                    seen.append(moment)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(t,), daemon=True) for t in range(THREADS)]
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    done.set()
    watcher.join(TIMEOUT)

    assert seen == sorted(seen)

    assert statuses == [202] * THREADS * EACH
    assert LockEvent.objects.filter(lock=world.karin_lock).count() == THREADS * EACH
    # Every event carries a battery level: the state is the newest event's, whatever
    # arrived after it (older, so stale), and no request wrote back an older state.
    newest = NOW - timedelta(seconds=1)  # the last thread's last event
    lock = Lock.objects.get(pk=world.karin_lock.pk)
    assert (lock.last_event_at, lock.last_seen_at, lock.battery) == (newest, newest, 90 - EACH + 1)
    assert lock.overdue_at == newest + timedelta(minutes=15 + 10)
    assert lock.status == LockStatus.OK


BATCHES = 15
TYPES = ("jammed", "heartbeat", "unlock_ok", "battery")


def test_concurrent_batches_of_the_same_locks_never_move_them_backwards(
    world: World, phoniro: Integration
) -> None:
    """#17: batches read their locks without row locks and write them only if unchanged.

    Four vendors' threads post batches naming both locks, with jams, unlocks
    and battery levels at interleaved moments, so batches keep overtaking each
    other. Every event is stored once, no request fails (a deadlock would be a
    500), the state is the newest event's, and each lock's audited status
    changes form one unbroken chain: none was worked out from a state another
    batch had already replaced.
    """
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: requests cannot interleave")
    locks = {"PH-1": world.karin_lock.pk, "PH-2": world.bengt_lock.pk}
    first = dict(Lock.objects.filter(pk__in=locks.values()).values_list("pk", "status"))
    total = THREADS * BATCHES * 4
    statuses: list[int] = []

    def moment(thread: int, n: int, j: int) -> datetime:
        return NOW - timedelta(seconds=total - ((n * THREADS + thread) * 4 + j))

    def batch(thread: int, n: int) -> list[dict[str, object]]:
        events = []
        for j in range(4):
            kind = TYPES[(n + j + thread) % len(TYPES)]
            if (thread, n) == (THREADS - 1, BATCHES - 1):
                kind = "unlock_ok"  # each lock's newest event
            battery = 90 if kind == "unlock_ok" else (15, 60, 90)[(n + thread + j) % 3]
            lock = "PH-1" if j < 2 else "PH-2"
            at = moment(thread, n, j)
            events.append(event(f"b{thread}-{n}-{j}", lock=lock, type=kind, at=at, battery=battery))
        return events

    def send(thread: int) -> None:
        try:
            for n in range(BATCHES):
                statuses.append(post(batch(thread, n)).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(t,), daemon=True) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)

    assert statuses == [202] * THREADS * BATCHES
    assert LockEvent.objects.filter(lock_id__in=locks.values()).count() == total
    for name, pk in locks.items():
        newest = moment(THREADS - 1, BATCHES - 1, 1 if name == "PH-1" else 3)
        lock = Lock.objects.get(pk=pk)
        assert (lock.last_event_at, lock.battery, lock.jammed) == (newest, 90, False), name
        assert lock.status == LockStatus.OK, name
        chain = AuditEntry.objects.filter(action="lock.status", object_id=str(pk)).order_by("seq")
        steps = [(e.detail["from"], e.detail["to"]) for e in chain]
        assert steps, name
        assert steps[0][0] == first[pk], name
        assert all(a[1] == b[0] for a, b in zip(steps, steps[1:], strict=False)), (name, steps)
        assert steps[-1][1] == lock.status, name
