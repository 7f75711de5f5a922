"""A fault case end to end: Anna reports at the door on her phone, Kim works it at the desk.

The clock is moved to 10:00 on the next working day (a day shift on a weekday,
R1 and R9 deterministic) and keeps running from there. It is moved forward, not
back, so the browser keeps the session cookie the server sets.
"""

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    DESKTOP,
    TIMEOUT_MS,
    has_horizontal_scroll,
    login,
    next_working_morning,
    serious_violations,
)
from vredvakt.cases.models import CaseStatus, FaultCase, NightPatrolMessage

SHOTS = "/tmp"


@pytest.fixture
def coordinator(browser: Browser) -> Iterator[Page]:
    """Kim at the desk, in a browser context of her own."""
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE", timezone_id="Europe/Stockholm")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def no_serious_violations(page: Page, name: str) -> None:
    page.screenshot(path=f"{SHOTS}/vredvakt-case-{name}.png", full_page=True)
    assert serious_violations(page) == [], name


@pytest.mark.e2e
def test_a_fault_reported_at_the_door_is_worked_to_restored_at_the_desk(
    phone, coordinator, live_server, world, working_morning
):
    base = live_server.url
    # Anna, at Karin's door (R3): home → which client and what → what now.
    login(phone, live_server, world.anna)
    phone.get_by_role("link", name="Låset fungerar inte").click()
    phone.wait_for_url(f"{base}/cases/report/")
    assert not has_horizontal_scroll(phone)
    no_serious_violations(phone, "report")
    phone.get_by_label("Sök namn, adress eller låsets id").fill("lund")
    expect(phone.locator("#client-options")).to_contain_text("Karin Lund")
    phone.get_by_role("radio", name="Karin Lund").check()
    expect(phone.get_by_role("radio", name="Låset", exact=True)).to_be_checked()
    phone.get_by_label("Vad hände? (frivilligt)").fill("Låset blinkar rött")
    phone.get_by_role("button", name="Skicka till koordinatorn").click()
    # On loaded runs this timed out: the search's list came after the tap and replaced
    # Karin unchecked, so nothing was sent. The tap is kept now (test_report_choice.py).
    expect(phone).to_have_url(re.compile(r".*/cases/\d+/reported/$"))

    # Screen 3: the coordinator is told; by day the unit key in the cabinet (R1).
    expect(
        phone.get_by_text(re.compile(r"Koordinatorn har fått meddelande \(kl\. 10:0\d\)"))
    ).to_be_visible()
    expect(phone.locator(".keybox")).to_contain_text("Enhetsnyckel")
    expect(phone.locator(".keybox")).to_contain_text("K-1 · krok 14")
    expect(phone.locator(".keybox")).to_contain_text("Nyckelskåpet Tumba")
    assert not has_horizontal_scroll(phone)
    no_serious_violations(phone, "what-now")
    case = FaultCase.objects.get()
    assert case.opened_by == world.anna and case.key_kind == "unit_key"

    # Kim's desk picks the case up on its next refresh.
    login(coordinator, live_server, world.kim)
    coordinator.goto(f"{base}/cases/")
    coordinator.evaluate("htmx.ajax('GET', '/cases/', {target: '#desk-cases', swap: 'outerHTML'})")
    card = coordinator.locator(".case-card", has_text="Karin Lund")
    expect(card).to_contain_text("Lundgatan 4, Tumba")
    expect(card).to_contain_text("Nattpatrullen: om")
    no_serious_violations(coordinator, "desk")

    # R8: hand it to the alarm group; R9: message the night patrol.
    card.get_by_role("button", name="Informera larmgruppen").click()
    expect(coordinator.locator(".case-card", has_text="Karin Lund")).to_contain_text(
        "Larmgrupp: informerad"
    )
    coordinator.get_by_role("link", name="Skriv meddelande till nattpatrullen (1 ärende)").click()
    expect(coordinator.get_by_label("Meddelande")).to_have_value(
        re.compile("Karin Lund, Lundgatan 4, 147 30 Tumba: N-1 \\(Orrens servicehus, krok N14\\)")
    )
    no_serious_violations(coordinator, "night-patrol")
    coordinator.get_by_role("button", name="Skicka till nattpatrullen").click()
    coordinator.wait_for_url(f"{base}/cases/")
    expect(
        coordinator.get_by_text(re.compile(r"Skickat till nattpatrullen kl\. 10:\d\d"))
    ).to_be_visible()
    card = coordinator.locator(".case-card", has_text="Karin Lund")
    expect(card).to_contain_text("Nattpatrullen: meddelad kl. 10:")
    assert NightPatrolMessage.objects.get().sent_by == world.kim

    # R7: it works again, recorded with who and when.
    card.get_by_role("button", name="Fungerar igen").click()
    expect(coordinator.locator(".case-card", has_text="Karin Lund")).to_contain_text(
        "Stäng ärendet"
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.RESTORED and case.restored_by == world.kim

    # The case page: the checklist with who and when, and the whole timeline (R6).
    coordinator.goto(f"{base}/cases/{case.pk}/")
    timeline = coordinator.locator(".timeline")
    for what, who in [
        ("Fel anmält", "Anna"),
        ("Larmgruppen informerad", "Kim"),
        ("Nattpatrullen meddelad", "Kim"),
        ("Fungerar igen", "Kim"),
    ]:
        entry = timeline.locator(".entry", has_text=what)
        expect(entry).to_contain_text(who)
        expect(entry).to_contain_text(re.compile(r"kl\. 10:\d\d"))
    expect(coordinator.locator("#step-message_night_patrol")).to_contain_text("gjort av Kim")
    expect(coordinator.locator("#step-record_restored")).to_contain_text("gjort av Kim")
    expect(coordinator.locator(".keybox")).to_contain_text("K-1 · krok 14")
    no_serious_violations(coordinator, "detail")

    # Anna's phone shows the same case page without the coordinator's buttons.
    phone.goto(f"{base}/cases/{case.pk}/")
    expect(phone.get_by_role("button", name="Stäng ärendet")).to_have_count(0)
    assert not has_horizontal_scroll(phone)
    no_serious_violations(phone, "detail-phone")


@pytest.mark.e2e
def test_a_weekend_report_tells_the_night_patrol_in_one_tap(phone, desktop, live_server, world):
    saturday = next_working_morning()
    while saturday.weekday() != 5:
        saturday += timedelta(days=1)
    with time_machine.travel(saturday, tick=True):
        login(phone, live_server, world.anna)
        phone.goto(f"{live_server.url}/cases/report/?client={world.karin.pk}")
        phone.get_by_role("button", name="Skicka till koordinatorn").click()
        expect(phone.get_by_text("Helg: meddela nattpatrullen nu")).to_be_visible()
        expect(phone.get_by_text("Larmgruppen har fått det.")).to_be_visible()
        no_serious_violations(phone, "weekend")
        phone.get_by_role("button", name="Skicka till nattpatrullen").click()
        expect(
            phone.get_by_text(re.compile(r"Nattpatrullen har fått meddelandet \(kl\. 10:\d\d\)"))
        ).to_be_visible()
        # R10: the alarm group has it in its queue, theirs the next working day.
        login(desktop, live_server, world.lars)
        desktop.goto(f"{live_server.url}/cases/alarm/")
        weekend = desktop.locator("section", has_text="Nästa vardag (1)")
        expect(weekend).to_contain_text("Phoniro PH-1")
        expect(weekend).to_contain_text("Ska göras nästa vardag")
        no_serious_violations(desktop, "alarm-queue")
        weekend.get_by_role("button", name="Kvittera: vi tar det").click()
        expect(desktop.locator("section", has_text="Kvitterade (1)")).to_contain_text("PH-1")
    message = NightPatrolMessage.objects.get()
    assert message.sent_by == world.anna
    assert FaultCase.objects.get().alarm_acknowledged_by == world.lars
