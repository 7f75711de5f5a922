"""The night patrol reports faults like the staff on site, for every unit it serves (R3, R10b)."""

from datetime import UTC, datetime

import pytest
import time_machine

from tests.conftest import make_client, make_unit
from vredvakt.accounts.models import UnitKind
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import FaultCase

TUESDAY_2330 = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)  # 23:30 in Stockholm: the night
TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def tuesday_night():
    with time_machine.travel(TUESDAY_2330, tick=False):
        yield


def reads(user) -> set[int]:
    entries = AuditEntry.objects.filter(action="client.read", actor=user)
    return {int(pk) for pk in entries.values_list("object_id", flat=True)}


def test_the_night_patrol_picks_clients_of_every_home_care_unit(client, world, tuesday_night):
    client.force_login(world.nils)

    response = client.get("/cases/report/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Karin Lund" in page and "Bengt Sjö" in page  # internal and external units
    assert reads(world.nils) == {world.karin.pk, world.bengt.pk}  # the list is a logged read


def test_no_client_of_a_unit_that_is_not_home_care_is_offered(client, world, tuesday_night):
    make_client("C-9", "Greta", "Vakt", world.alarm_group)
    client.force_login(world.nils)

    page = client.get("/cases/report/").content.decode()

    assert "Greta Vakt" not in page


def test_the_night_patrol_reports_at_2330_and_is_told_the_night_key(client, world, tuesday_night):
    client.force_login(world.nils)

    response = client.post(
        "/cases/report/", {"client": world.karin.pk, "kind": "lock", "note": "", "token": TOKEN}
    )

    case = FaultCase.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/reported/"
    assert (case.opened_by, case.source, case.key_kind) == (world.nils, "care_worker", "night_key")
    what_now = client.get(response["Location"]).content.decode()
    assert "N-1" in what_now and "N14" in what_now and "Orrens servicehus" in what_now  # R2


def test_the_night_patrol_reports_through_the_api_too(client, world, tuesday_night):
    client.force_login(world.nils)

    response = client.post(
        "/api/v1/cases", {"client": world.bengt.pk}, content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["key_guidance"]["key_kind"] == "night_key"


def test_the_night_patrol_still_reads_no_client_register(client, world, tuesday_night):
    client.force_login(world.nils)

    assert client.get(f"/clients/{world.karin.pk}/").status_code == 404


def test_an_outsider_still_reports_for_no_one_elses_client(client, world, tuesday_night):
    client.force_login(world.otto)

    page = client.get("/cases/report/").content.decode()
    refused = client.post(
        "/cases/report/", {"client": world.karin.pk, "kind": "lock", "note": "", "token": TOKEN}
    )

    assert "Karin Lund" not in page
    assert refused.status_code == 400 and not FaultCase.objects.exists()


def test_the_alarm_group_still_cannot_report(client, world, tuesday_night):
    client.force_login(world.lars)

    assert client.get("/cases/report/").status_code == 403


def test_a_second_home_care_unit_is_served_as_soon_as_it_exists(client, world, tuesday_night):
    # R10b: every home-care unit, not a list to keep up to date.
    hallunda = make_unit("hallunda", "Enhet Hallunda", UnitKind.HOME_CARE)
    make_client("C-7", "Stig", "Ek", hallunda)
    client.force_login(world.nils)

    assert "Stig Ek" in client.get("/cases/report/").content.decode()
