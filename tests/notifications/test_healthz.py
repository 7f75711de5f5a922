"""/healthz/system: the database answers, a worker has looped recently, the apps' sections.

The worker's heartbeat is compared with the database's clock (on PostgreSQL the
server's own `now()`), so these tests place heartbeats around the real time.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from vredvakt.jobs.services import heartbeat_record, heartbeat_start, heartbeat_stop

pytestmark = pytest.mark.django_db


def health() -> tuple[int, dict]:
    response = Client().get("/healthz/system")
    return response.status_code, response.json()


def test_without_a_worker_it_answers_503():
    status, body = health()
    assert status == 503
    assert body["database"] == "ok"
    assert body["worker"] == {"last_loop": None, "ok": False}


def test_a_worker_that_looped_recently_makes_it_200():
    now = timezone.now()
    heartbeat_start(worker_id="w1", pid=1, now=now - timedelta(minutes=5))
    heartbeat_record(worker_id="w1", now=now - timedelta(seconds=3))
    with time_machine.travel(now, tick=False):
        status, body = health()
    assert status == 200
    assert body["worker"] == {
        "last_loop": (now - timedelta(seconds=3)).isoformat(),
        "ok": True,
    }
    assert body["notifications"] == {
        "pending": 0,
        "oldest_pending_seconds": 0,
        "failed_last_24h": 0,
    }
    assert body["backlog"]["deliveries"] == {"waiting": 0, "oldest_seconds": 0}


def test_a_stale_worker_makes_it_503():
    now = timezone.now()
    heartbeat_start(worker_id="w1", pid=1, now=now - timedelta(minutes=5))
    with time_machine.travel(now, tick=False):
        status, body = health()
    assert status == 503
    assert body["worker"]["ok"] is False


def test_a_stopped_worker_does_not_count():
    now = timezone.now()
    heartbeat_start(worker_id="w1", pid=1, now=now)
    heartbeat_stop(worker_id="w1", now=now)
    with time_machine.travel(now, tick=False):
        status, _ = health()
    assert status == 503


def test_it_counts_failed_deliveries_for_administrators(world, smtp):
    from tests.notifications.conftest import case_opened
    from vredvakt.jobs.loop import drain

    now = timezone.now()
    world.kim.email = "kim@bounce.test"
    world.kim.save()
    case_opened([world.kim], now=now)
    drain(now)
    heartbeat_start(worker_id="w1", pid=1, now=now)
    with time_machine.travel(now + timedelta(seconds=1), tick=False):
        status, body = health()
    assert status == 200
    assert body["notifications"]["failed_last_24h"] == 1
