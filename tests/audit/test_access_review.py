"""Log review (HSLF-FS 2016:40): a unit manager sees who read or changed their clients' data."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client as HttpClient

from tests.conftest import World, make_user
from vredvakt.accounts.models import Role
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.services import client_update

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
URL = "/audit/review/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def http_as(user) -> HttpClient:
    http = HttpClient(REMOTE_ADDR="10.9.8.7")
    http.force_login(user)
    return http


def karin_read_by(world: World, user) -> None:
    assert http_as(user).get(f"/clients/{world.karin.pk}/").status_code == 200


def test_a_unit_manager_sees_who_read_and_changed_a_client(world: World) -> None:
    karin_read_by(world, world.kim)
    client_update(
        actor=world.kim, client=world.karin, changes={"city": "Hallunda"}, via="api", now=NOW
    )
    page = http_as(world.ulla).get(URL, {"client": world.karin.pk})
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [(e.actor, e.action, e.via) for e, *_ in rows] == [
        (world.kim, "client.update", "api"),
        (world.kim, "client.read", "web"),
    ]
    assert "10.9.8.7" in page.text


def test_reading_the_review_is_itself_logged(world: World) -> None:
    http_as(world.ulla).get(URL, {"client": world.karin.pk})
    entry = AuditEntry.objects.get(action="access_review.client")
    assert (entry.actor, entry.object_id, entry.via) == (world.ulla, str(world.karin.pk), "web")


def test_the_csv_holds_the_same_rows(world: World) -> None:
    karin_read_by(world, world.anna)
    response = http_as(world.ulla).get(URL, {"client": str(world.karin.pk), "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    [header, *rows] = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(header) == 6
    assert [(row[1], row[2], row[3], row[4]) for row in rows] == [
        ("anna", "client.read", "Karin Lund", "web")
    ]


def test_per_user_it_shows_only_the_reviewers_own_clients(world: World) -> None:
    karin_read_by(world, world.olof)
    assert http_as(world.olof).get(f"/clients/{world.bengt.pk}/").status_code == 200
    page = http_as(world.ulla).get(URL, {"user": "olof"})
    assert [about for _e, about, _l in page.context["rows"]] == ["Karin Lund"]
    # The operations manager reviews every unit.
    everything = http_as(world.olof).get(URL, {"user": "olof"})
    assert {about for _e, about, _l in everything.context["rows"]} == {"Karin Lund", "Bengt Sjö"}


def test_the_period_filters_the_rows(world: World) -> None:
    with time_machine.travel(NOW - timedelta(days=40), tick=False):
        karin_read_by(world, world.kim)
    karin_read_by(world, world.anna)
    page = http_as(world.ulla).get(URL, {"client": world.karin.pk})  # the last 30 days
    assert [e.actor for e, *_ in page.context["rows"]] == [world.anna]
    older = http_as(world.ulla).get(
        URL, {"client": str(world.karin.pk), "from": "2026-01-01", "to": "2026-02-01"}
    )
    assert [e.actor for e, *_ in older.context["rows"]] == [world.kim]


def test_a_bad_date_is_a_clear_message(world: World) -> None:
    page = http_as(world.ulla).get(URL, {"client": str(world.karin.pk), "from": "10/3"})
    assert page.status_code == 200
    assert page.context["period_error"]


def test_a_coordinator_cannot_open_it(world: World) -> None:
    assert http_as(world.kim).get(URL).status_code == 403
    assert http_as(world.anna).get(URL, {"client": world.karin.pk}).status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="access_review").exists()


def test_a_manager_of_another_unit_sees_nothing_of_this_units_clients(world: World) -> None:
    karin_read_by(world, world.kim)
    ivar = make_user("ivar", (world.alby, Role.UNIT_MANAGER))
    http = http_as(ivar)
    page = http.get(URL, {"client": world.karin.pk})
    assert page.status_code == 200
    assert page.context["client"] is None and not page.context["rows"]
    assert "Karin" not in page.text
    assert not http.get(URL, {"q": "Lund"}).context["matches"]
    assert not http.get(URL, {"user": "kim"}).context["rows"]
    assert http.get(URL, {"client": str(world.karin.pk), "format": "csv"})[
        "Content-Type"
    ].startswith("text/html")


def test_an_outsider_is_sent_to_log_in(world: World) -> None:
    assert HttpClient().get(URL).status_code == 302
