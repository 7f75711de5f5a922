"""Browser fixtures for end-to-end tests: Debian's Chromium driven by Playwright.

Use them from any e2e test:

    @pytest.mark.e2e
    def test_something(phone, live_server, world):
        login(phone, live_server, world.anna)
        phone.goto(live_server.url + "/clients/")

`phone` is a page in a 360×740 touch context, `desktop` one at 1280×900;
both are fresh per test (own cookies). Screenshots go wherever the test says.
"""

import os
from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

from tests.conftest import PASSWORD, World
from tests.outages.conftest import NOW, make_area, work
from vredvakt.outages.models import MajorOutage
from vredvakt.routine.calendar import next_working_day
from vredvakt.routine.clock import at_local_time
from vredvakt.routine.parameters import RoutineParameters

# Playwright's sync API runs an event loop in the main thread, which makes Django
# refuse database access from that thread unless told it is safe (it is: one thread).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
SERIOUS = ("serious", "critical")
# Tests wait on conditions, never on fixed sleeps, so a generous bound costs nothing
# when pages answer: on a loaded 2-core machine with tests in parallel a request
# to the live server took over 10 s. `expect()` gets the same bound as the actions.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


def _page(browser: Browser, viewport: ViewportSize, *, mobile: bool = False) -> Iterator[Page]:
    context = browser.new_context(
        viewport=viewport,
        is_mobile=mobile,
        has_touch=mobile,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, PHONE, mobile=True)


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, DESKTOP)


def next_working_morning() -> datetime:
    return at_local_time(next_working_day(date.today(), RoutineParameters()), time(10, 0))


@pytest.fixture
def working_morning() -> Iterator[datetime]:
    """10:00 on the next working day, a day shift (R1, R9 deterministic); the clock runs on.

    Moved forward, not back, so the browser keeps the session cookie the server sets.
    """
    moment = next_working_morning()
    with time_machine.travel(moment, tick=True):
        yield moment


def login(page: Page, live_server: object, user: User, password: str = PASSWORD) -> None:
    """Sign in through the real login form and wait for the home page."""
    base = str(getattr(live_server, "url", live_server))
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_url(lambda url: url in (f"{base}/", *(f"{base}{s}" for s in SECOND_FACTOR)))
    if page.url != f"{base}/":
        # #14: administrators, the operations manager and needs assessors give their
        # authenticator app's code (on their first sign-in after setting the app up).
        page.fill("#id_code", _current_code(user))
        page.click("form.form button[type=submit]")
        page.wait_for_url(f"{base}/")


SECOND_FACTOR = ("/login/second-factor/", "/login/second-factor/setup/")


def _current_code(user: User) -> str:
    """The code the user's authenticator app shows now, from the key the setup page gave."""
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def serious_violations(page: Page) -> list[dict[str, object]]:
    """axe-core's serious and critical findings on the page as it is now."""
    result = Axe().run(page)
    return [v for v in result.response["violations"] if v.get("impact") in SERIOUS]


def has_horizontal_scroll(page: Page) -> bool:
    return bool(
        page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    )


@pytest.fixture
def outage(world: World) -> MajorOutage:
    """#13: 12 of Tumba's locks and 5 of Alby's in Storby fall silent at once: one outage."""
    make_area("Storby", 12, world.tumba, silent_at=NOW)
    make_area("Storby", 5, world.alby, silent_at=NOW, prefix="AL")
    work(NOW)
    return MajorOutage.objects.get()
