"""The report screen at the door on a 360 px phone (#13 item 6, R3).

A unit with a screenful of clients: whichever one Anna picks, the send button
is on screen without her scrolling to it.
"""

import pytest
from playwright.sync_api import expect

from tests.conftest import make_client
from tests.e2e.conftest import PHONE, has_horizontal_scroll, login, serious_violations
from vredvakt.cases.services.opening import case_open

NAMES = [
    ("Agnes", "Alm"),
    ("Bo", "Berg"),
    ("Cecilia", "Dahl"),
    ("David", "Ek"),
    ("Elsa", "Falk"),
    ("Frans", "Gran"),
    ("Greta", "Hed"),
    ("Hugo", "Ivarsson"),
    ("Inga", "Jonsson"),
    ("Jan", "Kvist"),
    ("Klara", "Mark"),
    ("Lars", "Nord"),
    ("Maja", "Olsson"),
    ("Nils", "Palm"),
]


def in_view(box: dict[str, float] | None) -> bool:
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


@pytest.mark.e2e
def test_a_picked_client_is_one_tap_from_sent_on_a_phone(
    phone, live_server, world, working_morning
):
    for number, (first, last) in enumerate(NAMES, start=10):
        make_client(f"C-{number}", first, last, world.karin.unit)
    case_open(
        client=world.karin,
        kind="app",
        source="coordinator",
        reported_by=world.kim,
        now=working_morning,
    )
    login(phone, live_server, world.anna)
    phone.goto(f"{live_server.url}/cases/report/")
    options = phone.locator("#client-options")
    # Karin's door was reported in the unit today: she comes before the alphabet.
    expect(options.locator(".choices__group").first).to_have_text("Anmälda nyligen i din enhet")
    assert options.inner_text().index("Karin Lund") < options.inner_text().index("Agnes Alm")
    assert not has_horizontal_scroll(phone)
    assert serious_violations(phone) == []

    send = phone.get_by_role("button", name="Skicka till koordinatorn")
    for name in ("Karin Lund", "Jan Kvist", "Nils Palm"):
        phone.get_by_role("radio", name=name).check()  # Playwright scrolls to the client
        expect(phone.get_by_role("radio", name=name)).to_be_checked()
        assert in_view(send.bounding_box()), name
    phone.screenshot(path="/tmp/vredvakt-report-picked.png")
    assert phone.evaluate("document.documentElement.scrollHeight") > PHONE["height"] * 2
