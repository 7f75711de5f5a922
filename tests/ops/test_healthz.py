"""/healthz is the web process's liveness; /healthz/system adds the worker and the backlog."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from vredvakt.jobs.services import heartbeat_record, heartbeat_start, job_schedule

pytestmark = pytest.mark.django_db


def test_liveness_is_200_without_any_worker():
    # A load balancer must keep a healthy web server in rotation when only the
    # worker is missing (#16).
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert Client().get("/healthz/system").status_code == 503


def test_a_due_row_waiting_too_long_makes_the_system_503():
    now = timezone.now()
    heartbeat_start(worker_id="w1", pid=1, now=now)
    job_schedule(kind="test.nothing", due_at=now - timedelta(minutes=10), key="k1", now=now)
    with time_machine.travel(now, tick=False):
        response = Client().get("/healthz/system")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is True
    assert response.json()["backlog"]["scheduled_jobs"] == {"waiting": 1, "oldest_seconds": 600}
    assert Client().get("/healthz").status_code == 200


def test_a_due_row_within_the_limit_keeps_it_200():
    now = timezone.now()
    heartbeat_start(worker_id="w1", pid=1, now=now)
    job_schedule(kind="test.nothing", due_at=now - timedelta(seconds=20), key="k1", now=now)
    with time_machine.travel(now, tick=False):
        response = Client().get("/healthz/system")
    assert response.status_code == 200
    assert response.json()["backlog"]["scheduled_jobs"]["waiting"] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's start time")
@override_settings(WORKER_STALE_SECONDS=10**9)
def test_a_heartbeat_from_before_the_database_restarted_does_not_count():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_postmaster_start_time()")
        (started_at,) = cursor.fetchone()
    heartbeat_start(worker_id="w1", pid=1, now=started_at - timedelta(seconds=5))
    heartbeat_record(worker_id="w1", now=started_at - timedelta(seconds=1))
    before = Client().get("/healthz/system")
    assert before.status_code == 503
    assert before.json()["worker"]["ok"] is False
    heartbeat_record(worker_id="w1", now=started_at + timedelta(seconds=1))
    after = Client().get("/healthz/system")
    assert after.json()["worker"]["ok"] is True
