"""Out of hours on a phone (#12, R10b): at 19:30 on a working day Anna reports a door
and tells the night patrol in one tap, at 360 px.

The clock is moved forward to 19:30 on the next working day and keeps running.
"""

import re
from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
import time_machine
from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations
from vredvakt.cases.models import FaultCase, NightPatrolMessage
from vredvakt.routine.calendar import next_working_day
from vredvakt.routine.clock import at_local_time
from vredvakt.routine.parameters import RoutineParameters


@pytest.fixture
def working_evening() -> Iterator[datetime]:
    """19:30 on the next working day: after the coordinators' 17:00 (R10b)."""
    moment = at_local_time(next_working_day(date.today(), RoutineParameters()), time(19, 30))
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.mark.e2e
def test_at_1930_a_care_worker_tells_the_night_patrol_in_one_tap(
    phone, live_server, world, working_evening
):
    base = live_server.url
    login(phone, live_server, world.anna)
    phone.get_by_role("link", name="Låset fungerar inte").click()
    phone.wait_for_url(f"{base}/cases/report/")
    phone.get_by_label("Sök namn, adress eller låsets id").fill("lund")
    phone.get_by_role("radio", name="Karin Lund").check()
    phone.get_by_role("button", name="Skicka till koordinatorn").click()
    expect(phone).to_have_url(re.compile(r".*/cases/\d+/reported/$"))

    case = FaultCase.objects.get()
    assert case.mode == "out_of_hours"
    panel = phone.locator("section.weekend")
    expect(panel).to_contain_text("Efter kontorstid: meddela nattpatrullen nu")
    expect(panel).to_contain_text("Larmgruppen har fått det.")
    assert not has_horizontal_scroll(phone)
    assert serious_violations(phone) == []
    phone.screenshot(path="/tmp/vredvakt-out-of-hours-what-now.png", full_page=True)

    # One tap: the message goes with the client, address and night key, prefilled.
    phone.get_by_role("button", name="Skicka till nattpatrullen").click()
    expect(panel).to_contain_text(re.compile(r"Nattpatrullen har fått meddelandet \(kl\. 19:3\d\)"))
    expect(panel.get_by_role("button", name="Skicka till nattpatrullen")).to_have_count(0)
    message = NightPatrolMessage.objects.get()
    assert message.sent_by == world.anna and list(message.cases.all()) == [case]
    assert "Karin Lund" in message.text and "N-1" in message.text
