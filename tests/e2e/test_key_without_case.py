"""On a 360 px phone (#13 item 4, R5): a care worker takes a key without a case in three
screens (home → the cabinet → the reason), and finds a key in the cabinet by searching."""

import pytest
from playwright.sync_api import Frame, expect

from tests.conftest import make_client
from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations
from vredvakt.keys.models import Key, KeyKind, KeyLoan

SHOTS = "/tmp"


@pytest.mark.e2e
def test_a_care_worker_takes_a_key_without_a_case_in_three_screens(
    phone, live_server, world, working_morning
):
    screens: list[str] = []

    def navigated(frame: Frame) -> None:
        if frame == phone.main_frame:
            screens.append(frame.url)

    phone.on("framenavigated", navigated)
    login(phone, live_server, world.anna)
    screens.clear()  # the home page is screen 1
    screens.append(phone.url)

    assert not has_horizontal_scroll(phone)
    assert serious_violations(phone) == []
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-home-keys.png", full_page=True)
    phone.get_by_role("link", name="Nyckelskåpet Tumba").click()  # screen 2
    take = phone.get_by_role("link", name="Ta ut den")
    expect(take).to_be_visible()
    take.click()  # screen 3
    phone.get_by_label("Varför tar du nyckeln?").fill("Besök utan ärende")
    button = phone.get_by_role("button", name="Jag har tagit nyckeln")
    assert button.bounding_box()["height"] >= 44
    assert not has_horizontal_scroll(phone)
    assert len(screens) == 3, screens
    button.click()

    expect(phone.get_by_text("Du har nyckeln K-1.")).to_be_visible()
    loan = KeyLoan.objects.get()
    assert (loan.holder, loan.case, loan.reason) == (world.anna, None, "Besök utan ärende")
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-key-without-case.png", full_page=True)


@pytest.mark.e2e
def test_a_care_worker_searches_the_cabinet_on_a_phone(phone, live_server, world, working_morning):
    for number in range(2, 30):  # a full cabinet, as at the demo's units
        client = make_client(f"C-T{number}", f"Person{number}", f"Efternamn{number}", world.tumba)
        Key.objects.create(
            code=f"K-{number + 100}",
            kind=KeyKind.UNIT_KEY,
            client=client,
            storage=world.tumba_cabinet,
            hook=str(number + 100),
        )
    login(phone, live_server, world.anna)
    phone.get_by_role("link", name="Nyckelskåpet Tumba").click()
    search = phone.get_by_role(
        "searchbox", name="Hitta en nyckel: brukarens namn, adress eller nyckelkod"
    )
    # The cabinet page has loaded (its search box shows) before it is measured.
    expect(search).to_be_visible()
    whole = phone.evaluate("document.documentElement.scrollHeight")

    search.fill("lundgatan")
    phone.get_by_role("button", name="Sök").click()

    expect(phone.get_by_text("En nyckel matchar ”lundgatan”.")).to_be_visible()
    table = phone.locator("table.cabinet")
    expect(table).to_contain_text("K-1")
    expect(table).to_contain_text("Karin Lund")
    expect(table).not_to_contain_text("K-102")
    assert phone.evaluate("document.documentElement.scrollHeight") < whole
    assert not has_horizontal_scroll(phone)
    assert serious_violations(phone) == []
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-cabinet-search.png", full_page=True)

    phone.get_by_role("link", name="Ta ut den").click()
    expect(phone.get_by_role("button", name="Jag har tagit nyckeln")).to_be_visible()
