"""The statistics page in Chromium on the demo municipality (#15): charts drawn, the same
numbers as the tables beside them, a phone's width, and axe-core."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page

from tests.demo_day.municipality import doors_of, load_demo
from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations
from vredvakt.cases.models import CaseKind, CaseSource
from vredvakt.cases.services.lifecycle import case_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.demo.organisation import DEMO_PASSWORD
from vredvakt.reports.registry import TABLES

SHOTS = "/tmp"


def break_doors(now: datetime) -> None:
    """Cases on the demo's doors in the last two weeks, most of them working again."""
    anna, kim = User.objects.get(username="anna"), User.objects.get(username="kim")
    for number, door in enumerate(doors_of("norra", 4)):
        for days_ago in reversed(range(number + 1)):  # oldest first
            opened = now - timedelta(days=2 + 3 * days_ago, hours=number)
            kind = CaseKind.APP if days_ago == 2 else CaseKind.LOCK
            case = case_open(
                client=door.client,
                kind=kind,
                source=CaseSource.CARE_WORKER,
                reported_by=anna,
                now=opened,
            ).case
            if number < 3:
                case_restore(case=case, by=kim, now=opened + timedelta(hours=1 + days_ago))


def chart_of(page: Page, name: str) -> Locator:
    return page.locator(f"#{name} svg.chart")


def table_values(page: Page, name: str, column: int) -> list[str]:
    # One round trip for the whole column: each row's cell as the eye reads it (innerText).
    rows = page.locator(f'table[data-table="{name}"] tbody tr')
    return rows.evaluate_all(
        "(rows, column) => rows.map(row => row.querySelectorAll('th, td')[column].innerText)",
        column,
    )


def check_charts_match_tables(page: Page) -> int:
    drawn = 0
    for table in TABLES:
        chart = chart_of(page, table.name)
        if table.chart is None or chart.count() == 0:
            continue
        drawn += 1
        # Each bar's value and drawn size in one round trip, not one per bar (#11).
        bars = chart.locator("rect[data-value]").evaluate_all(
            """bars => bars.map(bar => {
                const box = bar.getBoundingClientRect();
                return [bar.getAttribute("data-value"), box.width, box.height];
            })"""
        )
        values = [value for value, _width, _height in bars]
        assert values == table_values(page, table.name, table.chart.value), table.name
        # SVG elements have no innerText: read the bars' titles as text.
        titles = chart.locator("g.chart__bar > title").evaluate_all(
            "titles => titles.map(t => t.textContent)"
        )
        assert [t.rsplit(": ", 1)[1] for t in titles] == values, table.name
        # Every bar for a value above zero is drawn with a size the eye can see.
        for value, width, height in bars:
            if value not in ("0", "–"):
                assert width > 0 and height > 0, (table.name, value)
    return drawn


@pytest.mark.e2e
def test_the_statistics_page_draws_the_tables_numbers(desktop, phone, live_server, working_morning):
    load_demo()
    break_doors(working_morning)
    ulla = User.objects.get(username="ulla")

    login(desktop, live_server, ulla, DEMO_PASSWORD)
    desktop.get_by_role("link", name="Statistik").click()
    desktop.wait_for_url(f"{live_server.url}/reports/")
    assert desktop.get_by_role("heading", name="Statistik", level=1).is_visible()
    for name in ("cases-by-cause", "cases-over-time", "restore-times", "availability"):
        assert chart_of(desktop, name).count() == 1, name
    assert check_charts_match_tables(desktop) >= 4
    # Four doors: the lock six times (the fourth door's later reports joined its open case).
    assert table_values(desktop, "cases-by-cause", 1)[:2] == ["6", "2"]
    desktop.screenshot(path=f"{SHOTS}/vredvakt-desktop-statistics.png", full_page=True)
    assert serious_violations(desktop) == []

    login(phone, live_server, User.objects.get(username="olof"), DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/reports/")
    assert check_charts_match_tables(phone) >= 4
    assert not has_horizontal_scroll(phone)
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-statistics.png", full_page=True)
    assert serious_violations(phone) == []
