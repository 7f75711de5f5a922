"""The key register's health (R1, R2, R5): the demo municipality's deliberate gaps are found."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse

from tests.keys.conftest import sign_out
from vredvakt.keys.gaps import register_gaps
from vredvakt.keys.loans import key_sign_out
from vredvakt.keys.models import Key

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
EXPECTED = {"no_unit_key": 3, "no_night_key": 2, "unknown_place": 2, "client_without_lock": 2}


@pytest.fixture
def demo(db):
    call_command("demo-data", today=date(2026, 3, 10).isoformat(), stdout=StringIO())
    # A key signed out two days ago and never returned (R5).
    anna = User.objects.get(username="anna")
    key = Key.objects.filter(client__unit__code="norra", storage__isnull=False).order_by("code")[0]
    key_sign_out(key=key, by=anna, now=NOW - timedelta(days=2), reason="Glömd i fickan")
    with time_machine.travel(NOW, tick=False):
        yield


def page_for(username: str) -> tuple[int, str]:
    http = HttpClient()
    http.force_login(User.objects.get(username=username))
    response = http.get(reverse("keys:health"))
    return response.status_code, response.content.decode()


def counts(units) -> dict[str, int]:
    return {gap.code: gap.count for gap in register_gaps(units, NOW)}


def test_it_finds_every_kind_of_gap_in_the_demo_municipality(demo):
    assert counts(None) == {**EXPECTED, "out_long": 1}


@pytest.mark.parametrize("username", ["lars", "olof", "adam", "lena"])
def test_the_alarm_group_and_the_managers_of_all_units_see_every_gap(demo, username):
    status, html = page_for(username)
    assert status == 200
    for code, count in {**EXPECTED, "out_long": 1}.items():
        assert f'id="gap-{code}"' in html
        assert f"({count})</h2>" in html


def test_a_unit_manager_sees_the_gaps_of_their_own_unit(demo):
    # The demo puts one gap of each kind in Hemtjänst Norra (the showcase unit).
    status, html = page_for("ulla")
    assert status == 200
    for code in (*EXPECTED, "out_long"):
        assert f'<h2 id="h-{code}">' in html
    assert html.count("(1)</h2>") == 5
    assert "Hemtjänst Södra" not in html


@pytest.mark.parametrize("username", ["anna", "kim", "nils", "erik"])
def test_it_refuses_the_health_page_to_others(demo, username):
    assert page_for(username)[0] == 403


def test_a_unit_managers_page_leaves_out_other_units_keys_out(world):
    sign_out(
        world, world.bengt_unit_key, by=world.otto, reason="Besök", now=NOW - timedelta(days=2)
    )
    with time_machine.travel(NOW, tick=False):
        http = HttpClient()
        http.force_login(world.ulla)
        html = http.get(reverse("keys:health")).content.decode()
    assert "K-2" not in html and "Bengt" not in html
