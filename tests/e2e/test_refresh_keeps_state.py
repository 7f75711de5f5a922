"""Pages that refresh themselves keep what the person set on them.

The cabinet checklist refreshes every minute and the desk every 30 s by
replacing their part of the page. Before, each refresh unticked every key a
care worker had ticked on their way along the hooks (R1, R2), and closed the
outage's list of cases a coordinator had opened (#13). The refresh is made
here at once instead of waited for; the old part is marked first, so the test
sees that it was replaced.
"""

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.conftest import World
from tests.e2e.conftest import login
from vredvakt.keys.loans import key_sign_out


def refresh_now(page: Page, part: str, url: str) -> None:
    """What the part's own timer does, now: ask again and put the answer in its place."""
    page.evaluate(f"document.getElementById('{part}').dataset.stale = 'yes'")
    page.evaluate(f"htmx.ajax('GET', '{url}', {{target: '#{part}', swap: 'outerHTML'}})")
    expect(page.locator(f"#{part}")).not_to_have_attribute("data-stale", "yes")


def kims_outage_block_opened(desktop: Page, live_server: Any, world: World) -> Locator:
    """Kim's desk, the outage's block of cases opened: its <details>."""
    login(desktop, live_server, world.kim)
    desktop.goto(f"{live_server.url}/cases/")
    block = desktop.locator(".outage-block details")
    block.locator("summary").click()
    expect(block).to_have_attribute("open", "")
    return block


@pytest.mark.e2e
def test_the_keys_ticked_on_the_cabinet_checklist_stay_ticked(phone, live_server, world: World):
    login(phone, live_server, world.anna)
    cabinet = f"/keys/places/{world.tumba_cabinet.pk}/"
    phone.goto(f"{live_server.url}{cabinet}")
    seen = phone.get_by_role("checkbox", name="Nyckel K-1 sedd på sin krok")
    seen.check()
    # Kim takes the key meanwhile: the refresh shows it, and keeps Anna's tick.
    key_sign_out(key=world.karin_unit_key, by=world.kim, now=timezone.now(), reason="Besök")

    refresh_now(phone, "cabinet-lines", cabinet)
    expect(phone.get_by_text("Hos Kim sedan")).to_be_visible()
    expect(seen).to_be_checked()


@pytest.mark.e2e
def test_an_outages_cases_opened_on_the_desk_stay_open(desktop, live_server, world, outage):
    block = kims_outage_block_opened(desktop, live_server, world)

    refresh_now(desktop, "desk-cases", "/cases/")
    expect(block).to_have_attribute("open", "")
    expect(block.locator(".case-card")).to_have_count(12)


@pytest.mark.e2e
def test_the_button_a_coordinator_tabbed_to_keeps_the_focus(desktop, live_server, world, outage):
    """Keyboard users: before, each refresh of the desk dropped the focus to the page."""
    block = kims_outage_block_opened(desktop, live_server, world)
    # The third case's "Works again", named by its form's address and not its place.
    action = block.locator('.case-card form[action$="/restore/"]').nth(2).get_attribute("action")
    button = desktop.locator(f'form[action="{action}"] button')
    button.focus()
    expect(button).to_be_focused()

    refresh_now(desktop, "desk-cases", "/cases/")
    expect(button).to_be_focused()
    # Tab goes on from there, not from the top of the page.
    desktop.keyboard.press("Shift+Tab")
    expect(button).not_to_be_focused()
    assert desktop.evaluate("document.activeElement.closest('.outage-block') !== null")
