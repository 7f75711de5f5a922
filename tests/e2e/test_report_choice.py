"""The report form keeps the care worker's choice while a search is on its way (R3).

Typing in the search box replaces the list of clients a moment later. A client
tapped in that moment stayed in the old list: the new one came unchecked, and
"Send" stopped at the browser's "choose a client". Each search here is held by
the test until the tap is made, so the tap always lands in that moment.
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route, expect

from tests.conftest import make_client
from tests.e2e.conftest import login
from vredvakt.cases.models import FaultCase


def tap_while_searching(phone: Page, query: str, tap: Callable[[], None]) -> None:
    """Search for `query`; the search reaches the server only after `tap` is done."""

    def answer_after_the_tap(route: Route) -> None:
        tap()
        route.continue_()

    searched = re.compile(rf".*/cases/report/\?q={query}$")
    phone.route(searched, answer_after_the_tap)
    with phone.expect_response(searched):
        phone.get_by_label("Sök namn, adress eller låsets id").fill(query)
    phone.unroute(searched)


@pytest.mark.e2e
def test_a_client_tapped_during_a_search_stays_chosen(phone, live_server, world, working_morning):
    greta = make_client("C-9", "Greta", "Berg", world.tumba)
    login(phone, live_server, world.anna)
    phone.goto(f"{live_server.url}/cases/report/")
    karin_radio = phone.get_by_role("radio", name=re.compile("Karin Lund"))
    greta_radio = phone.get_by_role("radio", name=re.compile("Greta Berg"))

    # Greta is not among those found for "lund": she stays listed, and chosen.
    tap_while_searching(phone, "lund", greta_radio.check)
    expect(greta_radio).to_be_checked()
    expect(karin_radio).not_to_be_checked()

    # Karin is found again by her street: the new list's Karin is the one chosen.
    tap_while_searching(phone, "lundg", karin_radio.check)
    expect(karin_radio).to_be_checked()
    expect(greta_radio).to_have_count(0)

    phone.get_by_role("button", name="Skicka till koordinatorn").click()
    expect(phone).to_have_url(re.compile(r".*/cases/\d+/reported/$"))
    assert FaultCase.objects.get().client == world.karin
    assert not FaultCase.objects.filter(client=greta).exists()
