"""#13 on the demo municipality, in Chromium at 360 px and 1280 px: the alarm group's
unit manager Lena declares that the app cannot reach Norrby's locks (R11), and each
role in it sees its part before any case is opened: Kim (Hemtjänst Norra's
coordinator) the banner on her home page and desk, Anna (a care worker there) the
banner, Lena the locks, and the same count on the outage page as in the email to
every unit manager (R12)."""

import re
from datetime import datetime

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.demo_day.municipality import load_demo
from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations
from vredvakt.demo.organisation import DEMO_PASSWORD
from vredvakt.jobs.loop import drain
from vredvakt.notifications.models import Message
from vredvakt.outages.correlation import Scope
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import outage_declare


@pytest.fixture(params=["phone", "desktop"])
def screen(request: pytest.FixtureRequest) -> Page:
    return request.getfixturevalue(request.param)


@pytest.fixture
def norrby(working_morning: datetime) -> MajorOutage:
    load_demo()
    outage = outage_declare(
        by=User.objects.get(username="lena"),
        description="Appen når inte låsen i Norrby",
        scope=Scope(area={"Norrby"}),
        now=working_morning,
    )
    drain(working_morning, only={"outages.telemetry"})  # the worker's next tick
    return outage


def person(username: str) -> User:
    return User.objects.get(username=username)


@pytest.mark.e2e
def test_the_coordinator_and_the_care_worker_see_their_units_part(
    screen: Page, live_server, norrby: MajorOutage
) -> None:
    login(screen, live_server, person("kim"), DEMO_PASSWORD)
    expect(screen.locator(".outage-banner")).to_contain_text("av er enhets lås är ur funktion")
    screen.goto(f"{live_server.url}/cases/")  # declared, no case yet: the desk says so too
    expect(screen.locator(".outage-banner")).to_contain_text("av er enhets lås är ur funktion")
    assert not has_horizontal_scroll(screen)
    assert serious_violations(screen) == []
    screen.context.clear_cookies()
    login(screen, live_server, person("anna"), DEMO_PASSWORD)
    expect(screen.locator(".outage-banner")).to_contain_text("av er enhets lås är ur funktion")
    assert not has_horizontal_scroll(screen)


@pytest.mark.e2e
def test_the_leader_sees_the_locks_and_the_email_says_the_pages_count(
    screen: Page, live_server, norrby: MajorOutage
) -> None:
    login(screen, live_server, person("lena"), DEMO_PASSWORD)
    screen.goto(f"{live_server.url}/locks/fleet/")
    expect(screen.locator("main")).to_contain_text("Norrby")  # not "0 lås"
    screen.goto(f"{live_server.url}/outages/{norrby.pk}/")
    facts = screen.locator("#outage-summary")
    expect(facts).to_contain_text("ur funktion")
    count = re.search(r"(\d+) ur funktion", facts.inner_text())
    assert count is not None and int(count.group(1)) > 0
    screen.get_by_role("link", name="Läs mejlet och vilka som får det").click()
    expect(screen.locator(".email-preview")).to_contain_text(f"{count.group(1)} lås")
    assert not has_horizontal_scroll(screen)
    screen.get_by_role("button", name="Skicka till alla enhetschefer").click()
    expect(
        screen.get_by_text("Alla enhetschefer och verksamhetschefen får besked nu.")
    ).to_be_visible()
    sent = Message.objects.get(kind="major_outage", recipient=person("ulla"))
    assert f"{count.group(1)} lås" in sent.body
