"""#13 in Chromium at 360 px and 1280 px: a major outage as each role in it sees it.

Tumba's coordinator Kim gets a banner with her unit's count and one block for
the outage on her desk; the care worker Anna gets the banner; the leader Maja
sees the locks, reads the email before sending it, and the count on the page
is the one in the email sent (R11, R12).
"""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.conftest import World, make_user
from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations
from vredvakt.accounts.models import Role
from vredvakt.notifications.models import Message
from vredvakt.outages.models import MajorOutage

SHOTS = "/tmp"


@pytest.fixture(params=["phone", "desktop"])
def screen(request: pytest.FixtureRequest) -> Page:
    return request.getfixturevalue(request.param)


@pytest.mark.e2e
def test_the_coordinator_sees_the_banner_and_one_block_on_the_desk(
    screen: Page, live_server, world: World, outage: MajorOutage
) -> None:
    login(screen, live_server, world.kim)
    banner = screen.locator(".outage-banner")
    expect(banner).to_contain_text("12 av er enhets lås är ur funktion")
    screen.goto(f"{live_server.url}/cases/")
    block = screen.locator(".outage-block")
    expect(block).to_have_count(1)
    expect(block).to_contain_text("12 av er enhets lås är ur funktion")
    expect(block.locator("details summary")).to_have_text("Visa dess 12 ärenden")
    assert not has_horizontal_scroll(screen)
    assert serious_violations(screen) == []
    block.get_by_role("link", name="Brukare och nycklar – Enhet Tumba").click()
    expect(screen.locator("main")).to_contain_text("Storby0")
    screen.screenshot(path=f"{SHOTS}/vredvakt-outage-kim-clients.png", full_page=True)


@pytest.mark.e2e
def test_the_care_worker_sees_the_banner(
    screen: Page, live_server, world: World, outage: MajorOutage
) -> None:
    login(screen, live_server, world.anna)
    expect(screen.locator(".outage-banner")).to_contain_text("12 av er enhets lås")
    assert not has_horizontal_scroll(screen)


@pytest.mark.e2e
def test_the_leader_sees_the_locks_and_the_email_says_the_pages_count(
    screen: Page, live_server, world: World, outage: MajorOutage
) -> None:
    maja: User = make_user("maja", (world.alarm_group, Role.UNIT_MANAGER))
    login(screen, live_server, maja)
    screen.goto(f"{live_server.url}/locks/fleet/")
    expect(screen.locator("main")).to_contain_text("ST-0")
    screen.goto(f"{live_server.url}/outages/{outage.pk}/")
    facts = screen.locator("#outage-summary")
    expect(facts).to_contain_text("17 ur funktion")
    count = re.search(r"(\d+) ur funktion", facts.inner_text())
    assert count is not None
    screen.get_by_role("link", name="Läs mejlet och vilka som får det").click()
    expect(screen.locator(".email-preview")).to_contain_text(f"{count.group(1)} lås")
    expect(screen.locator(".recipients")).to_contain_text("Ulla")
    assert not has_horizontal_scroll(screen)
    assert serious_violations(screen) == []
    screen.get_by_role("button", name="Skicka till alla enhetschefer").click()
    expect(
        screen.get_by_text("Alla enhetschefer och verksamhetschefen får besked nu.")
    ).to_be_visible()
    sent = Message.objects.filter(kind="major_outage", recipient=world.ulla).get()
    assert f"{count.group(1)} lås" in sent.body
