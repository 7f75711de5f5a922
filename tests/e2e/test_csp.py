"""#14 item 3: every main page loads under the Content-Security-Policy with no violation.

Chromium reports each blocked inline script, inline style or event handler both
as a console error and as a `securitypolicyviolation` event; the test listens to
both while each persona opens the pages of their day.
"""

from datetime import datetime

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.conftest import PASSWORD, World, make_user
from tests.e2e.conftest import login
from tests.outages.conftest import NOW, make_area, work
from vredvakt.accounts.models import Role
from vredvakt.cases.services.opening import case_open
from vredvakt.outages.models import MajorOutage

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def listen(page: Page) -> list[str]:
    """Every CSP violation the page reports from now on, across navigations."""
    found: list[str] = []

    def report(text: str) -> None:
        found.append(text)

    page.expose_function("cspViolation", report)
    page.add_init_script(REPORT_VIOLATIONS)

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            found.append(message.text)

    page.on("console", on_console)
    return found


def visit(page: Page, base: str, paths: list[str], found: list[str]) -> None:
    for path in paths:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        expect(page.locator("main")).to_be_visible()
        assert found == [], path


@pytest.fixture
def open_case(world: World, working_morning: datetime) -> int:
    opening = case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=working_morning,
    )
    return opening.case.pk


@pytest.mark.e2e
def test_the_coordinators_pages_break_no_rule_of_the_policy(
    desktop: Page, live_server, world: World, open_case: int
) -> None:
    found = listen(desktop)
    login(desktop, live_server, world.kim)
    pages = ["/", "/cases/", f"/cases/{open_case}/", "/cases/report/", "/keys/"]
    pages += ["/keys/places/", "/locks/", "/clients/", f"/clients/{world.karin.pk}/"]
    visit(desktop, live_server.url, pages, found)
    # An htmx swap on the page: the client search of the report form.
    desktop.goto(f"{live_server.url}/cases/report/")
    desktop.get_by_label("Sök namn, adress eller låsets id").fill("lund")
    expect(desktop.locator("#client-options")).to_contain_text("Karin Lund")
    assert found == []


@pytest.mark.e2e
def test_the_care_workers_pages_break_no_rule_of_the_policy(
    phone: Page, live_server, world: World, open_case: int
) -> None:
    found = listen(phone)
    login(phone, live_server, world.anna)
    pages = ["/", f"/cases/{open_case}/", "/cases/report/", "/keys/", "/locks/", "/clients/"]
    visit(phone, live_server.url, pages, found)


@pytest.mark.e2e
def test_the_second_factors_setup_page_breaks_no_rule_of_the_policy(
    desktop: Page, live_server, world: World
) -> None:
    found = listen(desktop)
    desktop.goto(f"{live_server.url}/login/")
    desktop.fill("#id_username", "hanna")
    desktop.fill("#id_password", PASSWORD)
    desktop.click("form.form button[type=submit]")
    desktop.wait_for_url(f"{live_server.url}/login/second-factor/setup/")
    qr = desktop.get_by_role("img", name="QR-kod för autentiseringsappen")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0  # the data: image was allowed
    assert found == []


@pytest.mark.e2e
def test_the_managers_pages_break_no_rule_of_the_policy(
    desktop: Page, live_server, world: World
) -> None:
    make_area("Storby", 6, world.tumba, silent_at=NOW)
    work(NOW)
    outage = MajorOutage.objects.get()
    maja: User = make_user("maja", (world.alarm_group, Role.UNIT_MANAGER))
    found = listen(desktop)
    login(desktop, live_server, maja)
    pages = ["/locks/fleet/", "/outages/", f"/outages/{outage.pk}/"]
    visit(desktop, live_server.url, pages, found)
    desktop.context.clear_cookies()
    login(desktop, live_server, world.ulla)
    visit(desktop, live_server.url, ["/oncall/", "/"], found)
