"""After many cases work again, Kim closes them from the desk in one go (R7; R5 holds one back)."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_client
from tests.e2e.conftest import login, serious_violations
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.services.lifecycle import case_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.keys.loans import key_sign_out


def restored(world, client, now, key_out=None) -> FaultCase:
    case = case_open(
        client=client, kind="lock", source="care_worker", reported_by=world.anna, now=now
    ).case
    if key_out is not None:
        key_sign_out(key=key_out, by=world.anna, case=case, now=now)
    return case_restore(case=case, by=world.kim, now=now)


@pytest.mark.e2e
def test_the_coordinator_closes_the_cases_that_work_again(
    desktop: Page, live_server, world, working_morning
) -> None:
    karin = restored(world, world.karin, working_morning, key_out=world.karin_unit_key)
    greta = restored(world, make_client("C-9", "Greta", "Berg", world.tumba), working_morning)
    login(desktop, live_server, world.kim)
    desktop.goto(f"{live_server.url}/cases/")

    section = desktop.locator("section", has_text="Fungerar igen: 2 ärenden att stänga")
    expect(section.get_by_role("checkbox", name="Greta Berg – Enhet Tumba")).to_be_checked()
    karins = section.get_by_role("checkbox", name="Karin Lund – Enhet Tumba", exact=False)
    expect(karins).to_be_disabled()
    desktop.screenshot(path="/tmp/vredvakt-desk-close.png", full_page=True)
    assert serious_violations(desktop) == []

    section.get_by_role("button", name="Stäng de valda ärendena").click()

    expect(desktop.get_by_text("1 ärende stängt.", exact=False)).to_be_visible()
    greta.refresh_from_db()
    karin.refresh_from_db()
    assert (greta.status, karin.status) == (CaseStatus.CLOSED, CaseStatus.RESTORED)
    expect(desktop.get_by_text("Fungerar igen: 1 ärende att stänga")).to_be_visible()
