"""The key pages (R1, R2, R5): the case panel, sign-out, return, hand-over, my keys."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from tests.keys.conftest import TUESDAY_10, open_case, sign_out
from vredvakt.keys.loans import key_return
from vredvakt.keys.models import KeyLoan

LATER = TUESDAY_10 + timedelta(hours=1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TUESDAY_10, tick=False) as traveller:
        yield traveller


def as_user(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def post_sign_out(http, key, case=None, token="tok-1", **extra):
    data = {"key": key.pk, "token": token, "next": "/keys/", **extra}
    if case is not None:
        data["case"] = case.pk
    return http.post(reverse("keys:sign_out"), data)


def test_the_case_page_offers_the_unit_key_by_day(world):
    case = open_case(world)
    page = as_user(world.anna).get(reverse("cases:detail", args=[case.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Jag har tagit nyckeln" in html
    assert f'name="key" value="{world.karin_unit_key.pk}"' in html  # R1: K-1, not N-1


def test_taking_the_key_from_the_case_page_signs_it_out_and_goes_back(world):
    case = open_case(world)
    back = reverse("cases:reported", args=[case.pk])
    response = post_sign_out(as_user(world.anna), world.karin_unit_key, case, next=back)
    assert response.status_code == 302 and response.url == back
    loan = KeyLoan.objects.get()
    assert (loan.holder, loan.case) == (world.anna, case)
    page = as_user(world.anna).get(back).content.decode()
    assert "Jag har lämnat tillbaka den" in page


def test_a_double_tap_signs_the_key_out_once(world):
    case = open_case(world)
    post_sign_out(as_user(world.anna), world.karin_unit_key, case)
    again = post_sign_out(as_user(world.anna), world.karin_unit_key, case)
    assert again.status_code == 302
    assert KeyLoan.objects.count() == 1


def test_it_rejects_a_double_sign_out_in_the_ui_with_a_clear_message(world, unchanged):
    case = open_case(world)
    post_sign_out(as_user(world.anna), world.karin_unit_key, case)
    state = unchanged()
    response = post_sign_out(as_user(world.kim), world.karin_unit_key, case, token="tok-2")
    assert response.status_code == 409
    assert "Nyckeln K-1 är redan utlånad till Anna sedan kl. 10:00." in response.content.decode()
    state.check()


def test_it_rejects_a_sign_out_without_a_reason_outside_a_case(world, unchanged):
    state = unchanged()
    response = post_sign_out(as_user(world.anna), world.karin_unit_key, reason="")
    assert response.status_code == 422
    state.check()


def test_a_key_can_be_taken_with_a_reason_from_its_place(world):
    http = as_user(world.anna)
    form = http.get(reverse("keys:sign_out"), {"key": world.karin_unit_key.pk})
    assert form.status_code == 200
    response = post_sign_out(http, world.karin_unit_key, reason="Byte av batteri")
    assert response.status_code == 302
    assert KeyLoan.objects.get().reason == "Byte av batteri"


def test_the_one_tap_return_puts_the_key_back_at_its_own_place(world):
    loan = sign_out(world, reason="Besök")
    http = as_user(world.anna)
    response = http.post(reverse("keys:return", args=[loan.pk]), {"token": "r-1", "next": "/keys/"})
    assert response.status_code == 302
    loan.refresh_from_db()
    assert (loan.returned_by, loan.returned_to) == (world.anna, world.tumba_cabinet)


def test_a_colleague_returns_the_key_to_another_place(world):
    loan = sign_out(world, reason="Besök")
    http = as_user(world.kim)
    form = http.get(reverse("keys:return", args=[loan.pk])).content.decode()
    assert "Anna har nyckeln" in form  # the page says the record will show it
    data = {"token": "r-2", "place": world.service_house.pk}
    assert http.post(reverse("keys:return", args=[loan.pk]), data).status_code == 302
    loan.refresh_from_db()
    assert (loan.returned_by, loan.holder, loan.returned_to) == (
        world.kim,
        world.anna,
        world.service_house,
    )


def test_it_rejects_a_return_to_a_place_out_of_scope(world, unchanged):
    loan = sign_out(world, reason="Besök")
    state = unchanged()
    data = {"token": "r-3", "place": world.alby_cabinet.pk}
    response = as_user(world.anna).post(reverse("keys:return", args=[loan.pk]), data)
    assert response.status_code == 422
    state.check()


def test_it_rejects_a_second_return_in_the_ui(world, unchanged):
    loan = sign_out(world, reason="Besök")
    key_return(loan=loan, by=world.anna, now=TUESDAY_10)
    state = unchanged()
    response = as_user(world.kim).post(reverse("keys:return", args=[loan.pk]), {"token": "r-4"})
    assert response.status_code == 409
    assert "lämnades redan tillbaka" in response.content.decode()
    state.check()


def test_a_hand_over_from_my_keys(world):
    loan = sign_out(world, reason="Besök")
    http = as_user(world.anna)
    form = http.get(reverse("keys:hand_over", args=[loan.pk])).content.decode()
    assert "Kim" in form and "Otto" not in form
    response = http.post(
        reverse("keys:hand_over", args=[loan.pk]), {"to": world.kim.pk, "token": "h"}
    )
    assert response.status_code == 302
    mine = as_user(world.kim).get(reverse("keys:mine")).content.decode()
    assert "K-1" in mine and "Anna lämnade över nyckeln till Kim" in mine


def test_it_rejects_a_hand_over_to_an_outsider_in_the_ui(world, unchanged):
    loan = sign_out(world, reason="Besök")
    state = unchanged()
    data = {"to": world.otto.pk, "token": "h-2"}
    response = as_user(world.anna).post(reverse("keys:hand_over", args=[loan.pk]), data)
    assert response.status_code == 422
    state.check()


def test_my_keys_shows_the_due_time_and_when_it_is_late(world, frozen):
    sign_out(world, reason="Besök")
    http = as_user(world.anna)
    page = http.get(reverse("keys:mine")).content.decode()
    assert "kl. 22:00" in page and "om 12 h 0 min" in page
    frozen.move_to(TUESDAY_10 + timedelta(hours=12, minutes=5))
    page = as_user(world.anna).get(reverse("keys:mine")).content.decode()
    assert "Försenad" in page


def test_my_keys_is_empty_for_someone_without_keys(world):
    page = as_user(world.kim).get(reverse("keys:mine")).content.decode()
    assert "Du har inga nycklar ute." in page


def test_the_coordinator_sees_the_loans_whole_story_on_the_case_page(world):
    case = open_case(world)
    loan = sign_out(world, case=case)
    key_return(loan=loan, by=world.kim, now=LATER, place=world.tumba_cabinet)
    html = as_user(world.kim).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Anna tog nyckeln" in html
    assert "Kim lämnade tillbaka nyckeln till Nyckelskåpet Tumba åt Anna" in html


@pytest.mark.parametrize(
    "url",
    [
        lambda w, loan: reverse("keys:return", args=[loan.pk]),
        lambda w, loan: reverse("keys:hand_over", args=[loan.pk]),
        lambda w, loan: reverse("keys:storage", args=[w.tumba_cabinet.pk]),
        lambda w, loan: reverse("keys:sign_out") + f"?key={w.karin_unit_key.pk}",
    ],
)
def test_an_outsider_gets_404(world, url):
    loan = sign_out(world, world.karin_night_key, reason="Besök")
    assert as_user(world.otto).get(url(world, loan)).status_code == 404


def test_an_outsider_cannot_sign_out_or_return_tumbas_keys(world, unchanged):
    loan = sign_out(world, world.karin_night_key, reason="Besök")
    state = unchanged()
    http = as_user(world.otto)
    assert post_sign_out(http, world.karin_unit_key, reason="x").status_code == 404
    assert http.post(reverse("keys:return", args=[loan.pk]), {"token": "x"}).status_code == 404
    state.check()


def test_someone_who_sees_a_key_but_may_not_take_it_gets_403(world, unchanged):
    state = unchanged()
    response = post_sign_out(as_user(world.hanna), world.karin_unit_key, reason="Besök")
    assert response.status_code == 403
    state.check()


def test_the_cabinet_lists_its_keys_who_has_them_and_prints_as_a_checklist(world):
    sign_out(world, reason="Besök")
    html = as_user(world.kim).get(reverse("keys:storage", args=[world.tumba_cabinet.pk]))
    text = html.content.decode()
    assert "K-1" in text and "Hos Anna sedan kl. 10:00" in text
    assert 'type="checkbox"' in text and "Skriv ut som checklista" in text
    assert "K-2" not in text  # Alby's key hangs elsewhere


def test_the_cabinet_refreshes_as_a_partial_for_htmx(world):
    http = as_user(world.kim)
    url = reverse("keys:storage", args=[world.tumba_cabinet.pk])
    partial = http.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="cabinet-lines"')


def test_the_service_house_shows_a_unit_only_its_own_clients_keys(world):
    text = as_user(world.otto).get(reverse("keys:storage", args=[world.service_house.pk]))
    assert "N-1" not in text.content.decode()


def test_the_key_places_list_counts_keys_out(world):
    sign_out(world, reason="Besök")
    text = as_user(world.anna).get(reverse("keys:storages")).content.decode()
    assert "Nyckelskåpet Tumba" in text and "En ute" in text


def test_the_places_count_only_keys_that_are_lent_out(world):
    """A key never lent out is in its place (#13: every never-lent key showed as out)."""
    places = as_user(world.kim).get(reverse("keys:storages")).content.decode()
    assert "Alla på plats" in places and "ute</span>" not in places

    sign_out(world, case=open_case(world))  # Karin's unit key leaves the cabinet (R5)
    places = as_user(world.kim).get(reverse("keys:storages")).content.decode()
    assert "En ute" in places
    loan = KeyLoan.objects.get()
    key_return(loan=loan, by=world.anna, now=LATER)
    places = as_user(world.kim).get(reverse("keys:storages")).content.decode()
    assert "En ute" not in places
