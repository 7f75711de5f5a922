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
