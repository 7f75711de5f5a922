"""/healthz: the database answers and a worker has looped recently."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from tests.notifications.conftest import NOW
from vredvakt.jobs.services import heartbeat_record, heartbeat_start, heartbeat_stop

pytestmark = pytest.mark.django_db


def health() -> tuple[int, dict]:
    response = Client().get("/healthz")
    return response.status_code, response.json()


def test_without_a_worker_it_answers_503():
    status, body = health()
    assert status == 503
    assert body["database"] == "ok"
    assert body["worker"] == {"last_loop": None, "ok": False}


def test_a_worker_that_looped_recently_makes_it_200():
    heartbeat_start(worker_id="w1", pid=1, now=NOW - timedelta(minutes=5))
    heartbeat_record(worker_id="w1", now=NOW - timedelta(seconds=3))
    with time_machine.travel(NOW, tick=False):
        status, body = health()
    assert status == 200
    assert body["worker"] == {"last_loop": "2026-03-30T07:59:57+00:00", "ok": True}
    assert body["notifications"] == {
        "pending": 0,
        "oldest_pending_seconds": 0,
        "failed_last_24h": 0,
    }


def test_a_stale_worker_makes_it_503():
    heartbeat_start(worker_id="w1", pid=1, now=NOW - timedelta(minutes=5))
    with time_machine.travel(NOW, tick=False):
        status, body = health()
    assert status == 503
    assert body["worker"]["ok"] is False


def test_a_stopped_worker_does_not_count():
    heartbeat_start(worker_id="w1", pid=1, now=NOW)
    heartbeat_stop(worker_id="w1", now=NOW)
    with time_machine.travel(NOW, tick=False):
        status, _ = health()
    assert status == 503


def test_it_counts_failed_deliveries_for_administrators(world, smtp):
    from tests.notifications.conftest import case_opened
    from vredvakt.jobs.loop import drain

    world.kim.email = "kim@bounce.test"
    world.kim.save()
    case_opened([world.kim], now=NOW)
    drain(NOW)
    heartbeat_start(worker_id="w1", pid=1, now=NOW)
    with time_machine.travel(NOW + timedelta(seconds=1), tick=False):
        status, body = health()
    assert status == 200
    assert body["notifications"]["failed_last_24h"] == 1
