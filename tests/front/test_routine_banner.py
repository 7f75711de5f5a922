"""R16: managers see a warning when the routine in force has passed its valid-until date."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vredvakt.routine_versions.models import RoutineVersion

# These tests set up the routine versions they are about (R16).
pytestmark = pytest.mark.usefixtures("no_routine")

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def make_version(code: str, decided_on: date, valid_until: date) -> RoutineVersion:
    return RoutineVersion.objects.create(
        code=code,
        title="Elektroniska låsvred ur funktion – driftstopp",
        decided_by="Socialnämnden",
        decided_on=decided_on,
        valid_from=decided_on,
        valid_until=valid_until,
        owner="Eva Ek, verksamhetschef",
        owner_email="eva.ek@kommun.test",
    )


def page_on(client, user, day: date, url: str = "/") -> str:
    client.force_login(user)
    with time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=STOCKHOLM)):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def routine_2020(world) -> RoutineVersion:
    return make_version("2020:1", date(2020, 12, 21), date(2025, 12, 21))


def test_it_warns_managers_when_the_routine_has_expired(client, world, routine_2020):
    for manager in (world.ulla, world.olof):
        page = page_on(client, manager, date(2026, 1, 10))
        assert "Rutinen har gått ut." in page
        assert "Rutin 2020:1 gällde till och med 2025-12-21." in page
        assert "Eva Ek, verksamhetschef" in page
        assert "mailto:eva.ek@kommun.test" in page


def test_the_warning_follows_managers_to_every_page(client, world, routine_2020):
    page = page_on(client, world.ulla, date(2026, 1, 10), "/clients/")
    assert "Rutinen har gått ut." in page


def test_it_does_not_warn_a_care_worker(client, world, routine_2020):
    assert "Rutinen har gått ut." not in page_on(client, world.anna, date(2026, 1, 10))


def test_it_does_not_warn_while_the_routine_is_valid(client, world, routine_2020):
    assert "Rutinen har gått ut." not in page_on(client, world.ulla, date(2025, 12, 21))


def test_it_stops_warning_once_a_new_version_is_in_force(client, world, routine_2020):
    make_version("2026:1", date(2026, 1, 5), date(2030, 12, 31))
    page = page_on(client, world.ulla, date(2026, 1, 10))
    assert "Rutinen har gått ut." not in page
    assert "2026:1" in page


def test_it_warns_managers_when_no_routine_version_exists(client, world):
    page = page_on(client, world.ulla, date(2026, 1, 10))
    assert "Ingen rutinversion gäller." in page
