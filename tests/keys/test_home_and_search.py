"""Keys that tell the truth (#13 item 4): overdue keys on the holder's home, a key without a
case in three screens, and a cabinet searched by name, address or key code (R1, R2, R5)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from tests.conftest import make_client
from tests.keys.conftest import TUESDAY_10, sign_out
from vredvakt.audit.models import AuditEntry
from vredvakt.keys.models import Key, KeyKind, KeyLoan

DAY_DUE = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)  # 22:00 local, the day shift's end


def as_user(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def reads_of(user) -> set[str]:
    entries = AuditEntry.objects.filter(action="client.read", actor=user)
    return set(entries.values_list("object_id", flat=True))


def found(pattern: str, html: str) -> str:
    match = re.search(pattern, html)
    assert match is not None, pattern
    return match.group(match.lastindex or 0)


def links(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]


@pytest.fixture
def sven_key(world) -> Key:
    sven = make_client("C-9", "Sven", "Ek", world.tumba)
    return Key.objects.create(
        code="K-7", kind=KeyKind.UNIT_KEY, client=sven, storage=world.tumba_cabinet, hook="7"
    )


# Overdue keys on the holder's home page (R5)


def test_the_home_page_says_which_key_is_overdue_with_a_one_tap_return(world):
    sign_out(world, reason="Besök")  # 10:00, due 22:00
    http = as_user(world.anna)
    with at(DAY_DUE - timedelta(minutes=1)):
        before = http.get("/").content.decode()
    with at(DAY_DUE + timedelta(minutes=5)):
        after = http.get("/").content.decode()

    assert "Du har en nyckel ute." in before and "Försenad" not in before
    assert "Försenad" in after
    assert "Nyckel K-1 skulle ha varit tillbaka kl. 22:00" in after
    loan = KeyLoan.objects.get()
    assert f'action="{reverse("keys:return", args=[loan.pk])}"' in after
    assert "Jag har lämnat tillbaka K-1 till Nyckelskåpet Tumba" in after


def test_the_one_tap_return_on_home_brings_the_key_back_to_its_place(world):
    sign_out(world, reason="Besök")
    loan = KeyLoan.objects.get()
    with at(DAY_DUE + timedelta(minutes=5)):
        response = as_user(world.anna).post(
            reverse("keys:return", args=[loan.pk]), {"token": "home-1", "next": "/"}
        )
    assert response.status_code == 302 and response["Location"] == "/"
    loan.refresh_from_db()
    assert loan.returned_to == world.tumba_cabinet


def test_the_home_page_names_no_client_for_a_key(world):
    # Home is no place for personal data: the key's code, not whose it is.
    sign_out(world, reason="Besök")
    with at(DAY_DUE + timedelta(minutes=5)):
        page = as_user(world.anna).get("/").content.decode()
    assert "Karin" not in page
    assert not AuditEntry.objects.filter(action="client.read").exists()


def test_the_night_patrol_sees_its_overdue_night_key_at_home(world):
    night = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)  # 23:00 local: due 07:00
    sign_out(world, world.karin_night_key, by=world.nils, reason="Nattbesök", now=night)
    with at(datetime(2026, 11, 25, 6, 30, tzinfo=UTC)):
        page = as_user(world.nils).get("/").content.decode()
    assert "Nyckel N-1 skulle ha varit tillbaka kl. 07:00" in page


def test_a_key_held_by_someone_else_is_not_on_my_home(world):
    sign_out(world, reason="Besök")
    with at(DAY_DUE + timedelta(minutes=5)):
        page = as_user(world.kim).get("/").content.decode()
    assert "K-1" not in page


# A key without a case in at most three screens


def test_a_care_worker_takes_a_key_without_a_case_in_three_screens(world):
    http = as_user(world.anna)
    with at(TUESDAY_10):
        home = http.get("/").content.decode()  # screen 1
        cabinet_url = reverse("keys:storage", args=[world.tumba_cabinet.pk])
        assert cabinet_url in links(home)
        cabinet = http.get(cabinet_url).content.decode()  # screen 2
        take = next(url for url in links(cabinet) if url.startswith(reverse("keys:sign_out")))
        form = http.get(take)  # screen 3: the reason, and the button
        assert form.status_code == 200
        token = found(r'name="token" value="([^"]+)"', form.content.decode())
        done = http.post(
            reverse("keys:sign_out"),
            {
                "key": world.karin_unit_key.pk,
                "reason": "Besök",
                "token": token,
                "next": cabinet_url,
            },
        )
    assert done.status_code == 302 and done["Location"] == cabinet_url
    loan = KeyLoan.objects.get()
    assert (loan.holder, loan.case, loan.reason) == (world.anna, None, "Besök")


# Searching the cabinet (a GET form: no JavaScript needed)


def cabinet(world, user, query: str | None = None) -> str:
    url = reverse("keys:storage", args=[world.tumba_cabinet.pk])
    data = {"q": query} if query is not None else {}
    with at(TUESDAY_10):
        return as_user(user).get(url, data).content.decode()


def test_the_cabinet_has_a_search_form_that_works_without_javascript(world):
    page = cabinet(world, world.anna)
    form = found(r'<form[^>]*role="search"[^>]*>', page)
    assert 'method="get"' in form
    assert 'name="q"' in page


@pytest.mark.parametrize("query", ["sven", "Ekgatan", "k-7", "SVEN EK"])
def test_the_cabinet_finds_a_key_by_name_address_or_code(world, sven_key, query):
    page = cabinet(world, world.anna, query)
    assert "K-7" in page and "Sven Ek" in page
    assert "K-1" not in page and "Karin" not in page
    assert "En nyckel matchar" in page
    assert "2 nycklar hör hemma här." in page  # the cabinet's count is the whole cabinet


def test_a_search_logs_reads_of_the_clients_shown_only(world, sven_key):
    cabinet(world, world.anna, "sven")
    assert reads_of(world.anna) == {str(sven_key.client.pk)}


def test_the_whole_cabinet_logs_every_client_shown(world, sven_key):
    cabinet(world, world.anna)
    assert reads_of(world.anna) == {str(sven_key.client.pk), str(world.karin.pk)}


def test_a_search_that_matches_nothing_says_so(world, sven_key):
    page = cabinet(world, world.anna, "zzz")
    assert "0 nycklar matchar ”zzz”" in page
    assert "K-7" not in page and "K-1" not in page
    assert not AuditEntry.objects.filter(action="client.read").exists()


def test_the_service_house_search_does_not_find_another_units_client_by_name(world):
    # Otto (Alby) sees no Tumba client at the service house; a name must not find one.
    url = reverse("keys:storage", args=[world.service_house.pk])
    with at(TUESDAY_10):
        page = as_user(world.otto).get(url, {"q": "karin"}).content.decode()
    assert "N-1" not in page and "Karin" not in page


def test_the_search_is_kept_when_the_cabinet_refreshes(world, sven_key):
    url = reverse("keys:storage", args=[world.tumba_cabinet.pk])
    with at(TUESDAY_10):
        partial = as_user(world.anna).get(url, {"q": "sven"}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert 'hx-get="/keys/places/' in html and "q=sven" in html
    assert "K-7" in html and "K-1" not in html
