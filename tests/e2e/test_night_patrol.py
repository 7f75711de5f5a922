"""On a phone at 23:30 (R2, R10b): a night-patrol member reports a door and is told the
night key and where it hangs; tonight's list names the door with the same key."""

import re
from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
import time_machine
from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations
from vredvakt.cases.models import FaultCase
from vredvakt.routine.calendar import next_working_day
from vredvakt.routine.clock import at_local_time
from vredvakt.routine.parameters import RoutineParameters

SHOTS = "/tmp"


@pytest.fixture
def working_night() -> Iterator[datetime]:
    """23:30 on the next working day, the night shift; moved forward, the clock runs on."""
    moment = at_local_time(next_working_day(date.today(), RoutineParameters()), time(23, 30))
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.mark.e2e
def test_the_night_patrol_reports_a_door_at_2330_and_sees_the_night_key(
    phone, live_server, world, working_night
):
    login(phone, live_server, world.nils)
    phone.get_by_role("link", name="Låset fungerar inte").click()
    phone.get_by_text("Karin Lund").click()
    phone.get_by_role("button", name="Skicka till koordinatorn").click()
    expect(phone).to_have_url(re.compile(r".*/cases/\d+/reported/$"))
    assert FaultCase.objects.get().opened_by == world.nils

    keybox = phone.locator(".keybox")
    expect(keybox).to_contain_text("Natt-/larmnyckel")
    expect(keybox).to_contain_text(world.karin_night_key.code)
    expect(keybox).to_contain_text("N14")
    expect(keybox).to_contain_text("Orrens servicehus")
    assert not has_horizontal_scroll(phone)
    assert serious_violations(phone) == []
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-night-patrol-reported.png", full_page=True)

    phone.goto(f"{live_server.url}/cases/tonight/")
    row = phone.locator(".tonight__row", has_text="Karin Lund")
    expect(row).to_contain_text(world.karin_night_key.code)
    expect(row).to_contain_text("Orrens servicehus")
    assert not has_horizontal_scroll(phone)
    assert serious_violations(phone) == []
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-tonight.png", full_page=True)
