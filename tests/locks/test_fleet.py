"""The fleet view (R8, R17): counts per status that update live, filters, a lock's history."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client as HttpClient

from tests.conftest import World
from tests.locks.conftest import NOW, event, ingest, minutes
from vredvakt.cases.services.opening import case_open
from vredvakt.jobs.loop import drain
from vredvakt.locks.models import Integration, Lock
from vredvakt.locks.telemetry import LockStatus
from vredvakt.outages.models import BatteryTask


def signed_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def fleet(world: World) -> None:
    Lock.objects.filter(pk=world.karin_lock.pk).update(status=LockStatus.OFFLINE, area="Storby")
    Lock.objects.filter(pk=world.bengt_lock.pk).update(status=LockStatus.OK, area="Lillby")
    Lock.objects.create(vendor="Gantner", vendor_lock_id="GN-1", area="Lillby", status="jammed")


def counts(page: str) -> str:
    start = page.index('id="fleet-counts"')
    return page[start : page.index("</section>", start)]


def test_the_alarm_group_sees_every_lock_by_status(world: World, fleet: None) -> None:
    page = signed_in(world.lars).get("/locks/fleet/").content.decode()
    live = counts(page)
    assert 'hx-trigger="every 10s"' in live  # the counts refresh without reloading
    for status, count in (("offline", 1), ("jammed", 1), ("ok", 1), ("low_battery", 0)):
        label = str(LockStatus(status).label).capitalize()
        assert f"{label}: {count}" in live, status
    assert "PH-1" in page and "PH-2" in page and "GN-1" in page
    assert "Karin" not in page  # the alarm group sees the lock, not whose door it is


def test_the_counts_partial_follows_the_filters(world: World, fleet: None) -> None:
    http = signed_in(world.lars)
    part = http.get("/locks/fleet/counts/", {"area": "Lillby"}).content.decode()
    assert part.lstrip().startswith("<section")
    assert "area=Lillby" in part  # it keeps polling with the same filters
    offline = str(LockStatus.OFFLINE.label).capitalize()
    assert f"{offline}: 0" in part
    Lock.objects.filter(pk=world.bengt_lock.pk).update(status=LockStatus.OFFLINE)
    again = http.get("/locks/fleet/counts/", {"area": "Lillby"}).content.decode()
    assert f"{offline}: 1" in again


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"area": "Lillby"}, ["PH-2", "GN-1"], ["PH-1"]),
        ({"vendor": "Gantner"}, ["GN-1"], ["PH-1", "PH-2"]),
        ({"status": "offline"}, ["PH-1"], ["PH-2", "GN-1"]),
        ({"area": "Nowhere", "status": "bogus", "unit": "x"}, ["PH-1", "PH-2", "GN-1"], []),
    ],
)
def test_it_filters_by_area_vendor_and_status(
    world: World, fleet: None, params: dict[str, str], shown: list[str], hidden: list[str]
) -> None:
    page = signed_in(world.lars).get("/locks/fleet/", params).content.decode()
    table = page[page.index('id="h-fleet-locks"') :]
    for lock in shown:
        assert lock in table
    for lock in hidden:
        assert lock not in table


def test_it_filters_by_unit_and_managers_see_only_their_units(world: World, fleet: None) -> None:
    lars = signed_in(world.lars).get("/locks/fleet/", {"unit": world.alby.pk}).content.decode()
    assert "PH-2" in lars[lars.index('id="h-fleet-locks"') :]
    assert "PH-1" not in lars[lars.index('id="h-fleet-locks"') :]
    ulla = signed_in(world.ulla).get("/locks/fleet/").content.decode()
    assert "PH-1" in ulla and "PH-2" not in ulla and "GN-1" not in ulla


@pytest.mark.parametrize("who", ["anna", "hanna", "nils"])
def test_people_without_a_fleet_role_get_404(world: World, who: str) -> None:
    http = signed_in(getattr(world, who))
    assert http.get("/locks/fleet/").status_code == 404
    assert http.get("/locks/fleet/counts/").status_code == 404
    assert http.get(f"/locks/{world.karin_lock.pk}/history/").status_code == 404


def test_the_outsider_gets_404_for_a_tumba_locks_history(world: World) -> None:
    http = signed_in(world.otto)
    assert http.get(f"/locks/{world.karin_lock.pk}/history/").status_code == 404
    assert "PH-1" not in http.get("/locks/fleet/").content.decode()


def test_a_locks_history_shows_its_events_and_cases(world: World, phoniro: Integration) -> None:
    ingest(phoniro, event("e1", at=NOW, battery=80))
    ingest(phoniro, event("e2", type="jammed", at=NOW + minutes(3)), now=NOW + minutes(3))
    drain(NOW + minutes(3), only={"outages.telemetry"})
    page = signed_in(world.lars).get(f"/locks/{world.karin_lock.pk}/history/").content.decode()
    case = world.karin_lock.cases.get()
    assert f"/cases/{case.pk}/" in page
    assert page.count('class="row"') >= 3  # the case and both events
    assert "Karin" not in page
    ulla = signed_in(world.ulla).get(f"/locks/{world.karin_lock.pk}/history/").content.decode()
    assert "Karin" in ulla  # Tumba's manager may see whose lock it is


def test_the_alarm_group_lists_batteries_to_change_and_records_a_change(
    world: World, phoniro: Integration
) -> None:
    ingest(phoniro, event("e1", at=NOW, battery=15))
    drain(NOW, only={"outages.telemetry"})
    task = BatteryTask.objects.get()
    http = signed_in(world.lars)
    assert "PH-1" in http.get("/locks/fleet/").content.decode().split('id="h-battery"')[1]
    assert signed_in(world.otto).post(f"/outages/battery/{task.pk}/done/").status_code == 404
    assert http.post(f"/outages/battery/{task.pk}/done/").status_code == 302
    task.refresh_from_db()
    assert task.closed_by == world.lars
    assert 'id="h-battery"' not in http.get("/locks/fleet/").content.decode()


def test_the_registry_list_still_works_and_links_to_the_fleet(world: World) -> None:
    page = signed_in(world.lars).get("/locks/")
    assert page.status_code == 200
    assert "/locks/fleet/" in page.content.decode()


def test_the_history_lists_a_reported_case_too(world: World) -> None:
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    case_open(
        client=world.karin, kind="lock", source="care_worker", reported_by=world.anna, now=now
    )
    page = signed_in(world.lars).get(f"/locks/{world.karin_lock.pk}/history/").content.decode()
    assert "/cases/" in page
