"""The statistics page: who sees it, for which units, bad input, and CSV equal to the table."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.reports.conftest import WEEK, Week
from vredvakt.reports.registry import TABLES


@pytest.fixture
def week(week_of_module: Week, db: None, frozen: None) -> Week:
    """These tests only read the week: it is built once for the module."""
    return week_of_module


PERIOD = {"start": WEEK[0].isoformat(), "end": WEEK[1].isoformat()}


class TableReader(HTMLParser):
    """The cells of each <table data-table=…> on the page, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs)["data-table"] or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None


def tables_of(page: str) -> dict[str, list[list[str]]]:
    reader = TableReader()
    reader.feed(page)
    return reader.tables


def get(client: Client, user: User, path: str = "/reports/", **query: str):
    client.force_login(user)
    return client.get(path, query)


@pytest.mark.parametrize("persona", ["anna", "kim", "lars", "nils", "hanna", "otto", "adam"])
def test_it_refuses_everyone_but_managers(client: Client, week: Week, persona: str) -> None:
    user = getattr(week.world, persona)
    assert get(client, user).status_code == 403
    assert get(client, user, "/reports/cases-by-cause.csv").status_code == 403
    assert 'href="/reports/"' not in client.get("/").content.decode()


def test_it_sends_a_visitor_to_sign_in(client: Client, week: Week) -> None:
    response = client.get("/reports/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/")


def test_a_unit_manager_sees_her_units_figures_and_the_menu_entry(
    client: Client, week: Week
) -> None:
    response = get(client, week.world.ulla, **PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/reports/"' in page
    causes = tables_of(page)["cases-by-cause"]
    assert [row[1] for row in causes[1:]] == ["5", "2", "1", "1", "1"]
    # One unit: no unit to choose; and no client's name anywhere.
    assert 'name="unit"' not in page
    for name in ("Karin", "Greta", "Sven", "Bengt", "Lund", "Berg"):
        assert name not in page


def test_a_unit_manager_cannot_choose_another_unit(client: Client, week: Week) -> None:
    response = get(client, week.world.ulla, unit=str(week.world.alby.pk), **PERIOD)
    assert response.status_code == 400
    assert "data-table" not in response.content.decode()


def test_the_operations_manager_sees_every_unit_and_can_choose_one(
    client: Client, week: Week
) -> None:
    olof = week.world.olof
    every = tables_of(get(client, olof, **PERIOD).content.decode())["cases-by-cause"]
    assert sum(int(row[1]) for row in every[1:]) == 11
    alby = get(client, olof, unit=str(week.world.alby.pk), **PERIOD).content.decode()
    assert sum(int(row[1]) for row in tables_of(alby)["cases-by-cause"][1:]) == 1


def test_the_default_period_is_the_last_30_days(client: Client, week: Week) -> None:
    page = get(client, week.world.ulla).content.decode()
    assert 'value="2026-10-11"' in page and 'value="2026-11-09"' in page
    # Next Monday's case is inside it, so 11 cases.
    causes = tables_of(page)["cases-by-cause"]
    assert sum(int(row[1]) for row in causes[1:]) == 11


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-11-08", "end": "2026-11-02"},
        {"start": "2025-01-01", "end": "2026-11-02"},
        {"start": "igår", "end": "2026-11-02"},
        {"unit": "not-a-unit"},
    ],
)
def test_bad_input_gets_a_form_error_not_a_crash(
    client: Client, week: Week, query: dict[str, str]
) -> None:
    olof = week.world.olof
    response = get(client, olof, **query)
    assert response.status_code == 400
    assert 'class="field__error"' in response.content.decode() or 'role="alert"' in (
        response.content.decode()
    )
    assert get(client, olof, "/reports/availability.csv", **query).status_code == 400


def test_an_unknown_table_is_not_found(client: Client, week: Week) -> None:
    assert get(client, week.world.ulla, "/reports/nothing.csv").status_code == 404


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_each_csv_holds_the_numbers_of_its_table(client: Client, week: Week, table: str) -> None:
    page = get(client, week.world.ulla, **PERIOD).content.decode()
    shown = tables_of(page).get(table, [])
    response = get(client, week.world.ulla, f"/reports/{table}.csv", **PERIOD)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert f"vredvakt-{table}-2026-11-02-2026-11-08.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    if not shown:  # nothing in the period: the page says so, the CSV has its headings only
        assert len(rows) == 1
        return
    assert rows[0] == shown[0]
    assert [[_as_page(v) for v in row] for row in rows[1:]] == shown[1:]


def _as_page(value: str) -> str:
    """A CSV value as the Swedish page writes it: decimal comma, a dash for no value."""
    if value == "":
        return "–"
    return value.replace(".", ",") if re.fullmatch(r"\d+\.\d+", value) else value
