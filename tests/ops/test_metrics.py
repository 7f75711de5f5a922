"""/metrics: Prometheus text behind METRICS_TOKEN; counts per route, ingest, database figures."""

import json

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from tests.conftest import PASSWORD, World
from tests.locks.conftest import SECRET, URL, signed_headers
from tests.ops.scrape import TOKEN, scrape, value
from vredvakt.locks.models import Integration
from vredvakt.notifications.models import Channel
from vredvakt.notifications.services import notify

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("metrics_on")]


@pytest.fixture
def metrics_on():
    with override_settings(METRICS_TOKEN=TOKEN):
        yield


@override_settings(METRICS_TOKEN="")
def test_it_is_off_without_a_token_configured():
    response = Client().get("/metrics", headers={"Authorization": "Bearer "})
    assert response.status_code == 404


def test_it_refuses_a_missing_or_wrong_token():
    assert Client().get("/metrics").status_code == 401
    wrong = Client().get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"vredvakt_" not in wrong.content


def test_it_answers_prometheus_text_with_the_token():
    response = Client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert b"vredvakt_database_up 1.0" in response.content


def test_it_counts_requests_per_route_name_not_per_path(world: World):
    before = scrape()
    client = Client()
    client.login(username="kim", password=PASSWORD)
    client.get("/cases/")
    client.get("/cases/999999/")
    after = scrape()
    labels = {"route": "cases:desk", "method": "GET", "status": 200}
    assert (
        value(after, "vredvakt_http_requests_total", **labels)
        - value(before, "vredvakt_http_requests_total", **labels)
        == 1
    )
    detail = {"route": "cases:detail", "method": "GET", "status": 404}
    assert (
        value(after, "vredvakt_http_requests_total", **detail)
        - value(before, "vredvakt_http_requests_total", **detail)
        == 1
    )
    count = "vredvakt_http_request_duration_seconds_count"
    assert value(after, count, route="cases:desk") - value(before, count, route="cases:desk") == 1
    assert not any("999999" in str(key) for key in after)


def test_it_counts_ingested_events_accepted_duplicate_and_rejected(world: World):
    Integration.objects.create(
        name="phoniro", vendor="Phoniro", secret=SECRET, created_at=timezone.now()
    )
    now = timezone.now()
    before = scrape()
    events = [
        {"event_id": f"m{i}", "lock": "PH-1", "type": "heartbeat", "at": now.isoformat()}
        for i in range(3)
    ]
    for batch in (events, events[:1]):
        body = json.dumps(batch).encode()
        headers = signed_headers(body, sent=now)
        response = Client().generic("POST", URL, body, "application/json", headers=headers)
        assert response.status_code == 202
    forged = Client().generic(
        "POST", URL, b"[]", "application/json", headers=signed_headers(b"[]", secret="x", sent=now)
    )
    assert forged.status_code == 401
    after = scrape()

    def delta(name: str, **labels: object) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("vredvakt_ingest_events_total", outcome="accepted") == 3
    assert delta("vredvakt_ingest_events_total", outcome="duplicate") == 1
    assert delta("vredvakt_ingest_batches_rejected_total", status=401) == 1


def test_it_reads_locks_cases_and_the_notification_backlog_from_the_database(world: World):
    now = timezone.now()
    notify(
        recipients=[world.kim],
        template="case_opened",
        context={
            "public": {"unit": "Enhet Tumba", "what": "låset", "reported_at": now},
            "personal": {"client": "Karin Lund", "address": "", "description": ""},
            "path": "/cases/1/",
        },
        subject=("cases.faultcase", "1"),
        now=now,
    )
    samples = scrape()
    assert value(samples, "vredvakt_locks", status="unknown") == 2
    assert value(samples, "vredvakt_cases", status="open") == 0
    assert value(samples, "vredvakt_major_outages_open") == 0
    assert value(samples, "vredvakt_deliveries", channel=Channel.EMAIL, status="pending") == 1
    assert value(samples, "vredvakt_due_rows", queue="deliveries") >= 1
    assert value(samples, "vredvakt_due_rows", queue="scheduled_jobs") == 0
