"""The fleet view and the outage page in a real browser: live counts, phones, axe-core."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.conftest import World, make_user
from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations
from tests.outages.conftest import NOW, make_area, work
from vredvakt.accounts.models import Role
from vredvakt.front.views.fleet import POLL_SECONDS
from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import LockStatus
from vredvakt.outages.models import MajorOutage

SHOTS = "/tmp"


@pytest.mark.e2e
def test_the_counts_update_without_reloading_the_page(
    desktop,
    live_server,
    world: World,
) -> None:
    login(desktop, live_server, world.lars)
    # The page's timers run on a clock the test can move: the counts' htmx poll
    # fires when the test jumps ahead instead of the test waiting it out in real time.
    desktop.clock.install()
    desktop.goto(f"{live_server.url}/locks/fleet/")
    offline = desktop.locator("#fleet-counts [data-status=offline]")
    expect(offline).to_have_text(re.compile(r": 0$"))
    desktop.evaluate("window.notReloaded = true")
    Lock.objects.filter(pk=world.karin_lock.pk).update(status=LockStatus.OFFLINE)
    desktop.clock.fast_forward(POLL_SECONDS * 1000)
    # The poll swapped the counts in; the page itself stays (the marker survives).
    expect(offline).to_have_text(re.compile(r": 1$"))
    assert desktop.evaluate("window.notReloaded") is True
    assert serious_violations(desktop) == []


@pytest.mark.e2e
def test_the_fleet_and_the_outage_pages_fit_a_phone_and_pass_axe(
    phone,
    live_server,
    world: World,
) -> None:
    maja: User = make_user("maja", (world.alarm_group, Role.UNIT_MANAGER))
    make_area("Storby", 12, world.tumba, silent_at=NOW)
    work(NOW)
    outage = MajorOutage.objects.get()
    login(phone, live_server, maja)
    for name, path in (
        ("fleet", "/locks/fleet/"),
        ("outage", f"/outages/{outage.pk}/"),
        ("outage-clients", f"/outages/{outage.pk}/clients/"),
        ("lock-history", f"/locks/{world.karin_lock.pk}/history/"),
    ):
        phone.goto(f"{live_server.url}{path}")
        assert not has_horizontal_scroll(phone), name
        phone.screenshot(path=f"{SHOTS}/vredvakt-phone-{name}.png", full_page=True)
        assert serious_violations(phone) == [], name
    phone.goto(f"{live_server.url}/outages/{outage.pk}/")
    # #13: the leader reads the email and who gets it before sending it.
    phone.get_by_role("link", name="Läs mejlet och vilka som får det").click()
    phone.get_by_role("button", name="Skicka till alla enhetschefer").click()
    told = phone.get_by_text("Alla enhetschefer och verksamhetschefen får besked nu.")
    expect(told).to_be_visible()
    outage.refresh_from_db()
    assert outage.managers_notified_at is not None
