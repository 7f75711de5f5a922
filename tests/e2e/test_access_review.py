"""The log review page on a 360 px phone: Swedish, no sideways scroll, no serious axe finding."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations


@pytest.mark.e2e
def test_a_unit_manager_reviews_a_client_on_a_phone(phone, live_server, world):
    login(phone, live_server, world.kim)
    phone.goto(f"{live_server.url}/clients/{world.karin.pk}/")
    phone.get_by_role("button", name="Logga ut").click()
    login(phone, live_server, world.ulla)
    phone.get_by_role("link", name="Loggranskning").click()
    phone.get_by_label("Brukare: namn, adress eller referens").fill("Lund")
    phone.get_by_role("button", name="Visa").click()
    phone.get_by_role("link", name="Karin Lund").click()
    expect(phone.get_by_text("kim", exact=False).first).to_be_visible()
    expect(phone.get_by_role("link", name="Ladda ner som CSV")).to_be_visible()
    assert not has_horizontal_scroll(phone)
    phone.screenshot(path="/tmp/vredvakt-phone-access-review.png", full_page=True)
    assert serious_violations(phone) == []
