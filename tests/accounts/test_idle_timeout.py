"""A sign-in left alone signs out after SESSION_IDLE_TIMEOUT; activity keeps it (#14 item 2)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client, override_settings

from vredvakt.accounts.idle import is_idle
from vredvakt.audit.models import AuditEntry

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
FIFTEEN_MINUTES = 15 * 60


@pytest.fixture
def anna(world) -> Client:
    http = Client()
    with time_machine.travel(NOW, tick=False):
        http.force_login(world.anna)
        assert http.get("/clients/").status_code == 200
    return http


def at(minutes: float):
    return time_machine.travel(NOW + timedelta(minutes=minutes), tick=False)


@override_settings(SESSION_IDLE_TIMEOUT=FIFTEEN_MINUTES)
def test_a_page_after_sixteen_idle_minutes_goes_to_the_sign_in_page(anna, world):
    with at(16):
        response = anna.get("/clients/", follow=True)

    assert response.redirect_chain == [("/login/?next=/clients/", 302)]
    page = response.content.decode()
    assert "Du loggades ut efter 15 minuter utan aktivitet." in page
    assert "Karin" not in page
    entry = AuditEntry.objects.get(action="auth.logout")
    assert (entry.actor, entry.detail["reason"]) == (world.anna, "idle")


@override_settings(SESSION_IDLE_TIMEOUT=FIFTEEN_MINUTES)
def test_activity_keeps_the_sign_in(anna):
    for minutes in (10, 20, 30, 40):
        with at(minutes):
            assert anna.get("/clients/").status_code == 200


@override_settings(SESSION_IDLE_TIMEOUT=FIFTEEN_MINUTES)
def test_an_htmx_request_after_the_timeout_sends_the_browser_to_the_sign_in_page(anna):
    with at(16):
        response = anna.get("/keys/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/login/?next=/keys/"


@override_settings(SESSION_IDLE_TIMEOUT=FIFTEEN_MINUTES)
def test_background_refreshes_do_not_keep_a_sign_in_alive(anna):
    background = {"HX-Request": "true", "X-Vredvakt-Background": "1"}
    for minutes in (5, 10, 14):
        with at(minutes):
            assert anna.get("/keys/", headers=background).status_code == 200
    with at(16):
        assert "HX-Redirect" in anna.get("/keys/", headers=background)


@override_settings(SESSION_IDLE_TIMEOUT=FIFTEEN_MINUTES)
def test_an_api_call_after_the_timeout_is_unauthenticated(anna):
    with at(16):
        response = anna.get("/api/v1/routine-versions")
    assert response.status_code == 401


@override_settings(SESSION_IDLE_TIMEOUT=0)
def test_zero_turns_the_idle_timeout_off(anna):
    with at(11 * 60):
        assert anna.get("/clients/").status_code == 200


def test_idleness_is_measured_from_the_last_request():
    assert not is_idle(None, 1000.0, 900)
    assert not is_idle(100.0, 1000.0, 900)
    assert is_idle(99.0, 1000.0, 900)
    assert not is_idle(0.0, 10**9, 0)
