"""A care worker on a phone: sign in, read Swedish, switch to English; pages pass axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations

SHOTS = "/tmp"


@pytest.mark.e2e
def test_a_care_worker_signs_in_on_a_phone_and_switches_language(phone, live_server, world):
    login(phone, live_server, world.anna)
    expect(phone.locator("html")).to_have_attribute("lang", "sv")
    expect(phone.get_by_role("link", name="Låset fungerar inte")).to_be_visible()
    assert not has_horizontal_scroll(phone)
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-home-sv.png", full_page=True)

    phone.get_by_role("button", name="English").click()
    # The switch reloads the page: wait for the English one, not for the old page's state.
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_role("link", name="The lock does not work")).to_be_visible()
    expect(phone.get_by_role("button", name="Sign out")).to_be_visible()
    assert not has_horizontal_scroll(phone)

    phone.get_by_role("button", name="Svenska").click()
    expect(phone.locator("html")).to_have_attribute("lang", "sv")


@pytest.mark.e2e
def test_the_login_page_has_no_serious_accessibility_problems(phone, live_server, world):
    phone.goto(f"{live_server.url}/login/")
    assert not has_horizontal_scroll(phone)
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-login.png", full_page=True)
    assert serious_violations(phone) == []


@pytest.mark.e2e
def test_a_failed_login_is_announced_and_accessible(phone, live_server, world):
    login_url = f"{live_server.url}/login/"
    phone.goto(login_url)
    phone.fill("#id_username", "anna")
    phone.fill("#id_password", "wrong")
    phone.click("form.form button[type=submit]")
    expect(phone.get_by_role("alert")).to_be_visible()
    assert serious_violations(phone) == []


@pytest.mark.e2e
@pytest.mark.parametrize("page_name", ["home", "client_list", "client_detail"])
def test_the_care_workers_pages_fit_a_phone_and_pass_axe(phone, live_server, world, page_name):
    login(phone, live_server, world.anna)
    path = {
        "home": "/",
        "client_list": "/clients/",
        "client_detail": f"/clients/{world.karin.pk}/",
    }[page_name]
    phone.goto(f"{live_server.url}{path}")
    assert not has_horizontal_scroll(phone)
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-{page_name}.png", full_page=True)
    assert serious_violations(phone) == []


@pytest.mark.e2e
def test_the_client_search_works_from_the_keyboard(phone, live_server, world):
    login(phone, live_server, world.anna)
    phone.goto(f"{live_server.url}/clients/")
    phone.get_by_label("Sök på namn, adress eller referens").fill("lund")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/clients/?q=lund")
    phone.get_by_role("link", name="Karin Lund").click()
    expect(phone.get_by_role("heading", name="Karin Lund")).to_be_visible()


@pytest.mark.e2e
def test_a_managers_desktop_home_with_the_routine_banner_passes_axe(
    desktop, live_server, world, no_routine
):
    login(desktop, live_server, world.ulla)
    expect(desktop.get_by_text("Ingen rutinversion gäller.").first).to_be_visible()
    desktop.screenshot(path=f"{SHOTS}/vredvakt-desktop-manager.png", full_page=True)
    assert serious_violations(desktop) == []


@pytest.mark.e2e
def test_the_first_tab_reaches_a_visible_skip_link(phone, live_server, world):
    login(phone, live_server, world.anna)
    phone.keyboard.press("Tab")
    focused = phone.locator(":focus")
    expect(focused).to_have_text("Hoppa till innehållet")
    box = focused.bounding_box()
    assert box is not None and box["y"] >= 0
    phone.keyboard.press("Enter")
    # The jump is a same-page navigation: wait for it rather than read the URL at once.
    expect(phone).to_have_url(re.compile(r"#main$"))
