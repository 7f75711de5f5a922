"""What a crawler of every page and form sent that once answered 500, now a clear answer.

Each of these came from playing the demo personas with hostile values in every
query parameter and form field: a NUL in a search (PostgreSQL refuses it in a
query), a `next` that is no path, an id too large for SQLite or spelt "²".
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.access.routes import pages
from tests.conftest import World
from tests.notifications.conftest import case_opened
from vredvakt.cases.models import NightPatrolMessage
from vredvakt.cases.services.opening import case_open
from vredvakt.notifications.models import Message


def signed_in(user) -> Client:
    http = Client()
    http.force_login(user)
    return http


def search_pages(world: World) -> list[tuple[object, str]]:
    return [
        (world.kim, "/clients/"),
        (world.kim, "/locks/"),
        (world.anna, "/cases/report/"),
        (world.kim, f"/keys/places/{world.tumba_cabinet.pk}/"),
        (world.ulla, "/audit/review/"),
    ]


@pytest.mark.parametrize("query", ["\x00", "ä\x00ö"])
def test_a_search_with_a_nul_is_refused_with_a_message(world: World, query):
    for user, path in search_pages(world):
        response = signed_in(user).get(path, {"q": query})
        assert (path, response.status_code) == (path, 400)
        assert "Det som skickades gick inte att läsa" in response.content.decode()


def test_a_nul_in_any_parameter_is_refused_and_a_clean_search_still_works(world: World):
    assert signed_in(world.ulla).get("/audit/review/", {"user": "a\x00"}).status_code == 400
    response = signed_in(world.kim).get("/clients/", {"q": "karin"})
    assert response.status_code == 200 and "Karin Lund" in response.content.decode()


def test_the_api_keeps_its_own_422_naming_the_parameter(world: World):
    response = signed_in(world.kim).get("/api/v1/clients", {"q": "\x00"})
    assert response.status_code == 422
    assert "q" in response.content.decode()


@pytest.mark.parametrize("target", ["0", "-1", "[]", "2026-13-45", "99999999999999999999"])
def test_marking_a_message_read_with_a_bad_next_goes_to_the_inbox(world: World, target):
    [message] = case_opened([world.kim])
    url = reverse("notifications:mark_read", args=[message.pk])
    response = signed_in(world.kim).post(url, {"next": target})
    assert (response.status_code, response["Location"]) == (302, "/messages/")
    assert Message.objects.get(pk=message.pk).read_at is not None


@pytest.mark.parametrize("raw", ["99999999999999999999", "²", "abc"])
def test_the_night_patrol_form_refuses_a_case_that_is_no_id_and_sends_nothing(world, raw):
    now = timezone.now()
    case_open(
        client=world.karin, kind="lock", source="care_worker", reported_by=world.anna, now=now
    )
    page = signed_in(world.kim).post(
        f"/cases/night-patrol/{world.tumba.pk}/", {"cases": [raw], "text": "x", "draft": "x"}
    )
    assert page.status_code == 400
    assert "inte längre på nattpatrullen" in page.content.decode()
    assert not NightPatrolMessage.objects.exists()


@pytest.mark.parametrize("raw", ["²", "99999999999999999999"])
def test_closing_cases_by_an_id_that_is_none_is_a_form_error(world: World, raw):
    page = signed_in(world.kim).post("/cases/close-restored/", {"case": [raw]})
    assert page.status_code == 400
    assert "Välj de ärenden som ska stängas." in page.content.decode()


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("kim", "/locks/?unit=²"),
        ("anna", "/cases/report/?client=²"),
        ("ulla", "/audit/review/?client=²"),
    ],
)
def test_a_filter_by_an_id_spelt_with_a_superscript_is_no_filter(world: World, user, path):
    assert signed_in(getattr(world, user)).get(path).status_code in (200, 404)


def test_a_hook_written_with_a_superscript_still_shows_the_cabinet(world: World):
    world.karin_unit_key.hook = "14²"
    world.karin_unit_key.save()
    page = signed_in(world.kim).get(f"/keys/places/{world.tumba_cabinet.pk}/")
    assert page.status_code == 200
    assert "14²" in page.content.decode()


ID_ROUTES = [page for page in pages() if "<id:" in page.route]


@pytest.mark.parametrize("page", ID_ROUTES, ids=lambda page: page.name)
def test_every_page_with_an_id_answers_an_id_no_row_has_without_a_500(world: World, page):
    # An 18-digit id reaches the view (deviations' pages once crashed on SQLite with
    # 20 digits); more digits than any id has are the resolver's 404.
    http = Client(raise_request_exception=False)
    http.force_login(world.olof)
    for pk in ("9" * 18, "9" * 20):
        path = "/" + re.sub(r"<id:\w+>", pk, page.route)
        answers = (http.get(path).status_code, http.post(path).status_code)
        assert max(answers) < 500, (path, answers)
        assert 404 in answers or 405 in answers or 403 in answers, (path, answers)
