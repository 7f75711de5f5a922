"""Rate limits (#14): 429 with Retry-After on sign-in, fault reports and telemetry."""

import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client as HttpClient

from tests.conftest import PASSWORD
from tests.locks.conftest import SECRET, event, signed_headers
from vredvakt.cases.models import FaultCase
from vredvakt.locks.models import Integration, LockEvent

# 20 s into a minute: the window ends in 40 s.
T0 = datetime(2026, 12, 1, 9, 0, 20, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_sign_in_attempts_past_the_limit_get_a_page_that_says_how_long(world, frozen, settings):
    settings.RATE_LIMIT_LOGIN = 2
    http = HttpClient()
    for _ in range(2):
        assert http.post("/login/", {"username": "kim", "password": "wrong"}).status_code == 200

    refused = http.post("/login/", {"username": "kim", "password": PASSWORD})

    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert "40" in refused.text and "<h1>" in refused.text
    assert "_auth_user_id" not in http.session
    # Another person signing in from the same address is not held up.
    assert http.post("/login/", {"username": "anna", "password": PASSWORD}).status_code == 302


def test_sign_in_works_again_once_the_window_has_passed(world, frozen, settings):
    settings.RATE_LIMIT_LOGIN = 1
    http = HttpClient()
    http.post("/login/", {"username": "kim", "password": "wrong"})
    assert http.post("/login/", {"username": "kim", "password": PASSWORD}).status_code == 429

    frozen.shift(timedelta(seconds=40))

    assert http.post("/login/", {"username": "kim", "password": PASSWORD}).status_code == 302


def test_the_sign_in_page_itself_is_never_limited(world, frozen, settings):
    settings.RATE_LIMIT_LOGIN = 1
    http = HttpClient()
    for _ in range(3):
        assert http.get("/login/").status_code == 200


def test_a_care_workers_reports_past_the_limit_get_a_clear_page(world, frozen, settings, client):
    settings.RATE_LIMIT_REPORT = 1
    client.force_login(world.anna)
    form = {"client": world.karin.pk, "kind": "lock", "note": ""}

    first = client.post("/cases/report/", {**form, "token": "a" * 32})
    second = client.post("/cases/report/", {**form, "kind": "app", "token": "b" * 32})

    assert first.status_code == 302
    assert second.status_code == 429
    assert second["Retry-After"] == "40"
    assert FaultCase.objects.count() == 1


def test_api_reports_past_the_limit_get_429_json_with_retry_after(world, frozen, settings):
    settings.RATE_LIMIT_REPORT = 1
    out = io.StringIO()
    call_command(
        "api-token",
        "create",
        "kim",
        "--name",
        "s",
        "--scope",
        "write",
        stdout=out,
        stderr=io.StringIO(),
    )
    headers = {"Authorization": f"Bearer {out.getvalue().strip()}"}
    http = HttpClient()

    def report(kind: str) -> Any:
        body = {"client": world.karin.pk, "kind": kind}
        return http.post("/api/v1/cases", body, content_type="application/json", headers=headers)

    assert report("lock").status_code == 201
    refused = report("app")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert "40" in refused.json()["detail"]
    assert FaultCase.objects.count() == 1
    # Reading is not limited.
    assert http.get("/api/v1/cases", headers=headers).status_code == 200


def test_telemetry_past_the_limit_gets_429_json_and_is_not_stored(world, frozen, settings):
    settings.RATE_LIMIT_INGEST = 1
    Integration.objects.create(name="phoniro", vendor="Phoniro", secret=SECRET, created_at=T0)

    def send(event_id: str) -> Any:
        body = json.dumps([event(event_id, at=T0)]).encode()
        headers = signed_headers(body, sent=T0)
        return HttpClient().generic(
            "POST", "/api/v1/lock-events", body, content_type="application/json", headers=headers
        )

    assert send("e1").status_code == 202
    refused = send("e2")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert refused.json() == {"detail": "too many requests: wait 40 seconds"}
    assert list(LockEvent.objects.values_list("event_id", flat=True)) == ["e1"]


def test_a_limit_of_zero_is_no_limit(world, frozen, settings):
    settings.RATE_LIMIT_LOGIN = 0
    settings.AXES_FAILURE_LIMIT = 10  # the lockout of one username is django-axes' own limit
    http = HttpClient()
    for _ in range(5):
        assert http.post("/login/", {"username": "kim", "password": "wrong"}).status_code == 200
