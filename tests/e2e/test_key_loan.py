"""On a phone (R1, R2, R5): report a fault, take the key, put it back; the coordinator then
reads the loan's whole story on the case page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations
from vredvakt.cases.models import FaultCase
from vredvakt.keys.models import KeyLoan

SHOTS = "/tmp"


@pytest.mark.e2e
def test_a_care_worker_takes_the_key_and_returns_it_and_the_coordinator_sees_it(
    phone, desktop, live_server, world
):
    login(phone, live_server, world.anna)
    phone.get_by_role("link", name="Låset fungerar inte").click()
    phone.get_by_text("Karin Lund").click()
    phone.get_by_role("button", name="Skicka till koordinatorn").click()
    expect(phone).to_have_url(re.compile(r".*/cases/\d+/reported/$"))
    case = FaultCase.objects.get()
    # R1 by day the unit key K-1, R2 by night the night key N-1: whichever this hour is.
    key = world.karin_unit_key if case.key_kind == "unit_key" else world.karin_night_key

    take = phone.get_by_role("button", name="Jag har tagit nyckeln")
    expect(take).to_be_visible()
    assert take.bounding_box()["height"] >= 44
    assert not has_horizontal_scroll(phone)
    assert serious_violations(phone) == []
    take.click()
    expect(phone.get_by_text(f"Du har nyckeln {key.code}.")).to_be_visible()
    assert KeyLoan.objects.get().holder == world.anna
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-key-taken.png", full_page=True)
    assert serious_violations(phone) == []

    phone.get_by_role("button", name="Jag har lämnat tillbaka den").click()
    expect(phone.get_by_text(f"Nyckeln {key.code} är tillbaka på {key.storage}.")).to_be_visible()
    assert KeyLoan.objects.get().returned_by == world.anna

    login(desktop, live_server, world.kim)
    desktop.goto(f"{live_server.url}/cases/{case.pk}/")
    story = desktop.locator("#case-keys .key-story")
    expect(story).to_contain_text(f"{key.code}")
    expect(story).to_contain_text("Anna tog nyckeln")
    expect(story).to_contain_text(f"Anna lämnade tillbaka nyckeln till {key.storage}.")
    expect(story).to_contain_text("Återlämnad")
    desktop.screenshot(path=f"{SHOTS}/vredvakt-desktop-case-key-story.png", full_page=True)


@pytest.mark.e2e
def test_my_keys_and_the_cabinet_checklist_on_a_phone(phone, live_server, world):
    from django.utils import timezone

    from vredvakt.keys.loans import key_sign_out

    key_sign_out(key=world.karin_unit_key, by=world.anna, now=timezone.now(), reason="Besök")
    login(phone, live_server, world.anna)
    phone.goto(f"{live_server.url}/keys/")
    expect(phone.get_by_role("heading", name="Enhetsnyckel K-1")).to_be_visible()
    assert not has_horizontal_scroll(phone)
    assert serious_violations(phone) == []
    phone.get_by_role("link", name="Lämna över till en kollega").click()
    phone.get_by_text("Kim").click()
    phone.get_by_role("button", name="Lämna över nyckeln").click()
    expect(phone.get_by_text("Kim har nyckeln K-1 nu.")).to_be_visible()
    expect(phone.get_by_text("Du har inga nycklar ute.")).to_be_visible()

    phone.goto(f"{live_server.url}/keys/places/{world.tumba_cabinet.pk}/")
    expect(phone.get_by_text("Hos Kim sedan")).to_be_visible()
    assert serious_violations(phone) == []
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-cabinet.png", full_page=True)
    phone.emulate_media(media="print")
    expect(phone.locator(".site-header")).to_be_hidden()
    expect(phone.locator("input[type=checkbox]").first).to_be_visible()
    phone.screenshot(path=f"{SHOTS}/vredvakt-print-cabinet.png", full_page=True)
