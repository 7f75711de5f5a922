"""The night patrol's list of tonight's broken locks (R2, R10b): live, by area, printable."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.conftest import make_client
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.services.lifecycle import case_close, case_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.keys.models import Key, KeyKind
from vredvakt.locks.models import Lock

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
TUESDAY_2230 = datetime(2026, 11, 24, 21, 30, tzinfo=UTC)
WEDNESDAY_2230 = TUESDAY_2230 + timedelta(days=1)
URL = "/cases/tonight/"


def broken(world, client, now=TUESDAY_10, kind="lock"):
    return case_open(
        client=client, kind=kind, source="care_worker", reported_by=world.kim, now=now
    ).case


def tonight(http, user, when=TUESDAY_2230):
    with time_machine.travel(when, tick=False):
        http.force_login(user)
        response = http.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def areas(world):
    """Karin in Sörby; Bengt (Alby, an external provider) in Norrby; Astrid in Norrby too."""
    Lock.objects.filter(pk=world.karin_lock.pk).update(area="Sörby")
    Lock.objects.filter(pk=world.bengt_lock.pk).update(area="Norrby")
    astrid = make_client("C-3", "Astrid", "Ahl", world.tumba)  # Ahlgatan 4: before Sjögatan
    Lock.objects.create(vendor="Phoniro", vendor_lock_id="PH-3", client=astrid, area="Norrby")
    return astrid


def test_it_lists_each_broken_lock_with_its_night_key_hook_and_place(client, world):
    broken(world, world.karin)

    page = tonight(client, world.nils)

    assert "Karin Lund" in page and "Lundgatan 4, 147 30 Tumba" in page
    assert "N-1" in page and "krok N14" in page and "Orrens servicehus" in page  # R2
    assert "Nyckelskåpet Tumba" not in page  # never the day cabinet at night
    assert "@media print" not in page  # the print rules sit in the stylesheet
    assert "data-print" in page  # static/vredvakt/vredvakt.js prints: no inline handler (CSP)


def test_it_orders_by_area_then_address(client, world, areas):
    broken(world, world.karin)
    broken(world, world.bengt)
    broken(world, areas)

    page = tonight(client, world.nils)

    order = [page.index(name) for name in ("Norrby", "Astrid Ahl", "Bengt Sjö", "Sörby", "Karin")]
    assert order == sorted(order)


def test_a_client_without_a_night_key_is_flagged(client, world):
    broken(world, world.bengt)  # Bengt has only a unit key

    page = tonight(client, world.nils)

    assert "Bengt Sjö" in page and "Ingen natt-/larmnyckel registrerad" in page


def test_it_lists_the_lock_again_the_next_night_while_the_case_is_open(client, world):
    broken(world, world.karin)

    assert "Karin Lund" in tonight(client, world.nils, TUESDAY_2230)
    assert "Karin Lund" in tonight(client, world.nils, WEDNESDAY_2230)


def test_it_drops_the_lock_once_it_works_again_and_when_closed(client, world):
    case = broken(world, world.karin)
    case_restore(case=case, by=world.kim, now=TUESDAY_2230 + timedelta(hours=10))

    assert "Karin Lund" not in tonight(client, world.nils, WEDNESDAY_2230)
    case_close(case=case, by=world.kim, now=WEDNESDAY_2230)
    assert "Karin Lund" not in tonight(client, world.nils, WEDNESDAY_2230)


def test_one_client_with_a_broken_lock_and_app_is_one_row(client, world):
    broken(world, world.karin)
    broken(world, world.karin, kind="app")

    page = tonight(client, world.nils)

    assert page.count("Karin Lund") == 1


def test_clients_of_units_the_night_patrol_does_not_serve_are_not_shown(client, world):
    greta = make_client("C-9", "Greta", "Vakt", world.alarm_group)
    Key.objects.create(code="N-9", kind=KeyKind.NIGHT_KEY, client=greta)
    broken(world, greta)

    page = tonight(client, world.nils)

    assert "Greta Vakt" not in page and "Inget lås" in page


def test_the_list_is_a_logged_read_of_each_client_shown(client, world):
    broken(world, world.karin)

    tonight(client, world.nils)

    reads = AuditEntry.objects.filter(action="client.read", actor=world.nils)
    assert list(reads.values_list("object_id", flat=True)) == [str(world.karin.pk)]


@pytest.mark.parametrize("who", ["anna", "kim", "lars", "otto", "olof"])
def test_it_is_the_night_patrols_page(client, world, who):
    broken(world, world.karin)
    client.force_login(getattr(world, who))

    assert client.get(URL).status_code == 403


def test_the_night_patrols_home_page_links_to_it(client, world):
    with time_machine.travel(TUESDAY_2230, tick=False):
        client.force_login(world.nils)
        home = client.get("/").content.decode()

    assert f'href="{URL}"' in home and 'href="/cases/report/"' in home
