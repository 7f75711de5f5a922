"""/api/v1/key-loans: the same rules as the pages (R1, R2, R5), answered as JSON."""

from datetime import timedelta

import pytest
import time_machine

from tests.api.conftest import details
from tests.keys.conftest import TUESDAY_10, open_case, sign_out
from vredvakt.keys.models import KeyLoan


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TUESDAY_10, tick=False) as traveller:
        yield traveller


def test_a_care_worker_signs_out_a_key_for_a_case(world, api_as):
    case = open_case(world)
    response = api_as(world.anna).post(
        "/key-loans", {"key": world.karin_unit_key.pk, "case": case.pk, "token": "a"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["holder"]["name"] == "Anna" and body["case"] == case.pk
    assert body["due_back_at"] == "2026-11-24T21:00:00Z"
    assert [e["kind"] for e in body["events"]] == ["signed_out"]
    assert case.steps.get(code="fetch_key").done_by == world.anna


def test_a_care_worker_may_take_the_night_key_of_a_client_of_their_unit(world, api_as):
    response = api_as(world.anna).post(
        "/key-loans", {"key": world.karin_night_key.pk, "reason": "Nattbesök"}
    )
    assert response.status_code == 201


def test_it_rejects_a_double_sign_out_with_409_and_changes_nothing(world, api_as, unchanged):
    sign_out(world, reason="Besök")
    state = unchanged()
    response = api_as(world.kim).post("/key-loans", {"key": world.karin_unit_key.pk, "reason": "x"})
    assert response.status_code == 409
    assert response.json()["detail"] == "Nyckeln K-1 är redan utlånad till Anna sedan kl. 10:00."
    state.check()


def test_a_retried_request_with_the_same_token_gives_the_same_loan(world, api_as):
    body = {"key": world.karin_unit_key.pk, "reason": "Besök", "token": "same"}
    first = api_as(world.anna).post("/key-loans", body)
    again = api_as(world.anna).post("/key-loans", body)
    assert first.json()["id"] == again.json()["id"] and KeyLoan.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "x", "due_back": "2026-11-24T08:00:00+01:00"}, "due_back"),
        ({"reason": "x", "due_back": "2026-03-29T02:30:00"}, "due_back"),
        ({"reason": "x", "colour": "red"}, "colour"),
    ],
)
def test_it_rejects_bad_input_with_422(world, api_as, unchanged, body, field):
    state = unchanged()
    response = api_as(world.anna).post("/key-loans", {"key": world.karin_unit_key.pk, **body})
    assert response.status_code == 422
    assert field in details(response)
    state.check()


def test_a_due_time_without_offset_is_stockholm_time(world, api_as):
    body = {"key": world.karin_unit_key.pk, "reason": "x", "due_back": "2026-11-24T18:00:00"}
    response = api_as(world.anna).post("/key-loans", body)
    assert response.json()["due_back_at"] == "2026-11-24T17:00:00Z"


def test_outsiders_get_404_for_tumbas_keys_and_loans(world, api_as, unchanged):
    loan = sign_out(world, reason="Besök")
    state = unchanged()
    otto = api_as(world.otto)
    assert (
        otto.post("/key-loans", {"key": world.karin_night_key.pk, "reason": "x"}).status_code == 404
    )
    assert otto.get(f"/key-loans/{loan.pk}").status_code == 404
    assert otto.post(f"/key-loans/{loan.pk}/return", {}).status_code == 404
    assert otto.post(f"/key-loans/{loan.pk}/hand-over", {"to": world.otto.pk}).status_code == 404
    assert otto.get("/key-loans").json()["items"] == []
    state.check()


def test_a_case_of_another_unit_is_404(world, api_as, unchanged):
    case = open_case(world)
    state = unchanged()
    body = {"key": world.bengt_unit_key.pk, "case": case.pk}
    assert api_as(world.otto).post("/key-loans", body).status_code == 404
    state.check()


def test_someone_who_sees_the_key_but_may_not_take_it_gets_403(world, api_as, unchanged):
    state = unchanged()
    for user in (world.hanna, world.olof, world.lars):
        body = {"key": world.karin_unit_key.pk, "reason": "x"}
        assert api_as(user).post("/key-loans", body).status_code == 403
    state.check()


def test_the_night_patrol_takes_night_keys_but_not_unit_keys(world, api_as):
    patrol = api_as(world.nils)
    assert (
        patrol.post("/key-loans", {"key": world.karin_unit_key.pk, "reason": "x"}).status_code
        == 404
    )
    assert (
        patrol.post("/key-loans", {"key": world.karin_night_key.pk, "reason": "x"}).status_code
        == 201
    )


def test_hand_over_and_return_by_someone_else(world, api_as):
    loan = sign_out(world, reason="Besök")
    handed = api_as(world.anna).post(f"/key-loans/{loan.pk}/hand-over", {"to": world.kim.pk})
    assert handed.status_code == 200 and handed.json()["holder"]["name"] == "Kim"
    returned = api_as(world.ulla).post(
        f"/key-loans/{loan.pk}/return", {"place": world.service_house.pk}
    )
    body = returned.json()
    assert returned.status_code == 200
    assert body["returned_by"]["name"] == "Ulla" and body["returned_to"]["code"] == "orren"
    story = [
        (e["kind"], (e["from_user"] or {}).get("name"), e["actor"]["name"]) for e in body["events"]
    ]
    assert story == [
        ("signed_out", None, "Anna"),
        ("handed_over", "Anna", "Anna"),
        ("returned", "Kim", "Ulla"),
    ]


def test_it_rejects_a_hand_over_to_an_outsider_with_422(world, api_as, unchanged):
    loan = sign_out(world, reason="Besök")
    state = unchanged()
    for to in (world.otto.pk, 999999):
        response = api_as(world.anna).post(f"/key-loans/{loan.pk}/hand-over", {"to": to})
        assert response.status_code == 422 and details(response) == ["to"]
    state.check()


def test_it_rejects_a_return_to_an_unknown_place_and_a_second_return(world, api_as, unchanged):
    loan = sign_out(world, reason="Besök")
    state = unchanged()
    bad = api_as(world.anna).post(f"/key-loans/{loan.pk}/return", {"place": world.alby_cabinet.pk})
    assert bad.status_code == 422 and details(bad) == ["place"]
    state.check()
    assert api_as(world.anna).post(f"/key-loans/{loan.pk}/return", {}).status_code == 200
    again = api_as(world.anna).post(f"/key-loans/{loan.pk}/return", {})
    assert again.status_code == 409


def test_loans_are_listed_with_filters(world, api_as, frozen):
    case = open_case(world)
    first = sign_out(world, case=case)
    api_as(world.anna).post(f"/key-loans/{first.pk}/return", {})
    frozen.move_to(TUESDAY_10 + timedelta(minutes=5))
    second = sign_out(world, world.karin_night_key, by=world.kim, reason="Besök", now=TUESDAY_10)
    kim = api_as(world.kim)

    def ids(**params):
        return [item["id"] for item in kim.get("/key-loans", **params).json()["items"]]

    assert ids() == [second.pk, first.pk]
    assert ids(open="true") == [second.pk]
    assert ids(open="false") == [first.pk]
    assert ids(case=case.pk) == [first.pk]
    assert ids(key=world.karin_night_key.pk) == [second.pk]
    assert ids(holder=world.anna.pk) == [first.pk]
    assert kim.get(f"/key-loans/{second.pk}").json()["overdue"] is False


def test_the_holder_sees_their_own_loan(world, api_as):
    loan = sign_out(world, world.karin_night_key, reason="Nattbesök")
    api_as(world.anna).post(f"/key-loans/{loan.pk}/hand-over", {"to": world.nils.pk})
    assert api_as(world.nils).get(f"/key-loans/{loan.pk}").status_code == 200
