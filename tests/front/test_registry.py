"""Clients, locks and keys: each seen only by those who may, and every read of a client logged."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import make_client
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.models import CareDecision

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def reads_of(world_client) -> list[tuple[str | None, str]]:
    entries = AuditEntry.objects.filter(action="client.read", object_id=str(world_client.pk))
    return [(getattr(e.actor, "username", None), e.via) for e in entries]


def test_a_care_worker_lists_only_her_units_clients(client, world):
    page = get(client, world.anna, "/clients/").content.decode()
    assert "Karin Lund" in page
    assert "Bengt Sjö" not in page


@pytest.mark.parametrize("query", ["karin", "LUND", "lundgatan", "c-1", "karin lundg", "147 30"])
def test_it_finds_a_client_by_name_address_or_reference(client, world, query):
    page = get(client, world.kim, f"/clients/?q={query}").content.decode()
    assert "Karin Lund" in page


def test_it_finds_swedish_letters_whatever_their_case(client, world):
    make_client("C-3", "Åke", "Öberg", world.tumba)
    page = get(client, world.kim, "/clients/?q=åke öberg").content.decode()
    assert "Åke Öberg" in page


def test_it_says_so_when_no_client_matches(client, world):
    page = get(client, world.kim, "/clients/?q=nobody").content.decode()
    assert "Ingen brukare matchar sökningen." in page


def test_the_search_never_reaches_another_units_clients(client, world):
    page = get(client, world.anna, "/clients/?q=bengt").content.decode()
    assert "Bengt Sjö" not in page
    assert "0 brukare" in page


def test_the_client_list_logs_a_read_of_each_client_shown(client, world):
    get(client, world.anna, "/clients/")
    assert reads_of(world.karin) == [("anna", "web")]
    assert reads_of(world.bengt) == []


def test_it_tolerates_a_bad_page_number(client, world):
    assert get(client, world.kim, "/clients/?page=abc").status_code == 200
    assert get(client, world.kim, "/clients/?page=999").status_code == 200


def test_the_client_page_shows_address_decisions_locks_and_keys(client, world):
    page = get(client, world.anna, f"/clients/{world.karin.pk}/").content.decode()
    assert "Lundgatan 4, 147 30 Tumba" in page
    assert "D-1" in page
    assert "Gäller till och med 2027-12-31" in page
    assert "Phoniro PH-1" in page
    assert "Enhetsnyckel K-1" in page
    assert "Nyckelskåpet Tumba, krok 14" in page
    assert "Natt-/larmnyckel N-1" in page
    assert "Orrens servicehus, krok N14" in page


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2027, 12, 28), "Går ut om 3 dagar"),
        (date(2027, 12, 30), "Går ut om 1 dag"),
        (date(2027, 12, 31), "Går ut i dag"),
        (date(2028, 1, 1), "Gick ut 2027-12-31"),
        (date(2025, 12, 1), "Gäller inte än: börjar 2026-01-01"),
    ],
)
def test_it_states_the_decisions_status_in_words(client, world, day, text):
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=STOCKHOLM)
    with time_machine.travel(moment, tick=False):
        page = get(client, world.kim, f"/clients/{world.karin.pk}/").content.decode()
    assert text in page  # R4: the warning window is the routine's 7 days


def test_the_client_page_logs_the_read(client, world):
    get(client, world.kim, f"/clients/{world.karin.pk}/")
    assert reads_of(world.karin) == [("kim", "web")]


def test_a_client_without_decisions_says_whom_to_contact(client, world):
    CareDecision.objects.all().delete()
    page = get(client, world.kim, f"/clients/{world.karin.pk}/").content.decode()
    assert "kontakta biståndshandläggaren" in page


@pytest.mark.parametrize("kind", ["client", "lock", "unit_key", "night_key"])
def test_the_outsider_gets_404_on_every_tumba_page(client, world, kind):
    url = {
        "client": f"/clients/{world.karin.pk}/",
        "lock": f"/locks/{world.karin_lock.pk}/",
        "unit_key": f"/keys/{world.karin_unit_key.pk}/",
        "night_key": f"/keys/{world.karin_night_key.pk}/",
    }[kind]
    response = get(client, world.otto, url)
    assert response.status_code == 404
    assert "Karin" not in response.content.decode()
    assert not AuditEntry.objects.exclude(action__startswith="auth.").exists()  # sign-ins aside


def test_the_outsider_does_not_find_tumba_in_the_lists(client, world):
    assert "Karin" not in get(client, world.otto, "/clients/?q=karin").content.decode()
    assert "PH-1" not in get(client, world.otto, "/locks/").content.decode()


def test_a_missing_page_is_shown_in_plain_swedish(client, world):
    response = get(client, world.anna, "/clients/999999/")
    assert response.status_code == 404
    assert "Vi hittade inte sidan" in response.content.decode()


def test_the_alarm_group_sees_the_lock_but_not_whose_door_it_is_on(client, world):
    page = get(client, world.lars, f"/locks/{world.karin_lock.pk}/").content.decode()
    assert "PH-1" in page
    assert "En brukare på Enhet Tumba" in page
    assert "Karin" not in page
    assert reads_of(world.karin) == []
    assert get(client, world.lars, f"/clients/{world.karin.pk}/").status_code == 404


def test_the_lock_page_shows_and_logs_the_client_to_those_who_may_see_it(client, world):
    page = get(client, world.kim, f"/locks/{world.karin_lock.pk}/").content.decode()
    assert "Karin Lund" in page
    assert reads_of(world.karin) == [("kim", "web")]


def test_the_fleet_can_be_filtered_by_unit_and_searched(client, world):
    page = get(client, world.lars, f"/locks/?unit={world.alby.pk}").content.decode()
    assert "PH-2" in page
    assert "PH-1" not in page
    page = get(client, world.lars, "/locks/?q=ph-1").content.decode()
    assert "PH-1" in page
    assert "PH-2" not in page


@pytest.mark.parametrize("unit", ["abc", "99999999999999999999", "-1"])
def test_it_ignores_a_bad_unit_filter(client, world, unit):
    page = get(client, world.lars, f"/locks/?unit={unit}").content.decode()
    assert "PH-1" in page
    assert "PH-2" in page


def test_the_key_page_says_where_the_key_is_kept_and_logs_the_read(client, world):
    page = get(client, world.anna, f"/keys/{world.karin_night_key.pk}/").content.decode()
    assert "Natt-/larmnyckel N-1" in page
    assert "Orrens servicehus, krok N14" in page
    assert "Nattpersonalen använder den här nyckeln." in page  # R2
    assert reads_of(world.karin) == [("anna", "web")]


@pytest.mark.parametrize("url", ["/clients/", "/clients/1/", "/locks/", "/locks/1/", "/keys/1/"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_lock_page_shows_status_in_words_and_time_in_stockholm(client, world):
    lock = world.karin_lock
    lock.status = "ok"
    lock.battery = 81
    lock.last_seen_at = datetime(2026, 1, 10, 13, 5, tzinfo=ZoneInfo("UTC"))
    lock.save()
    page = get(client, world.lars, f"/locks/{lock.pk}/").content.decode()
    assert "Fungerar" in page
    assert "10 januari 2026 kl. 14:05" in page  # 13:05 UTC is 14:05 in Stockholm in winter
    assert "81 %" in page
