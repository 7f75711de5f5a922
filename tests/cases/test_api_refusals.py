"""Bad input and steps the routine forbids: a clear 4xx, and nothing changed."""

import pytest

from tests.cases.test_api import (  # noqa: F401 - `tuesday` freezes the clock for every test
    SATURDAY_10,
    api,
    expire_decision,
    open_case,
    state,
    tuesday,
)
from tests.conftest import make_user
from vredvakt.accounts.models import Role
from vredvakt.cases.models import FaultCase


def refused(response, status: int) -> str:
    assert response.status_code == status, response.content
    detail = response.json()["detail"]
    assert detail
    return str(detail)


# Opening


def test_it_rejects_an_unknown_client_with_404(world):
    before = state()

    refused(api(world.anna).post("/cases", {"client": 999999, "kind": "lock"}), 404)

    assert state() == before


def test_it_rejects_a_client_of_another_unit_with_404(world):
    before = state()

    refused(api(world.anna).post("/cases", {"client": world.bengt.pk, "kind": "lock"}), 404)

    assert state() == before


@pytest.mark.parametrize(
    "body",
    [
        {},  # no client
        {"client": "karin"},
        {"client": 1, "kind": "door"},
        {"client": 1, "colour": "red"},  # a misspelt field is an error
        {"client": 1, "idempotency_key": "has spaces"},
        {"client": 1, "idempotency_key": "x" * 49},
        {"client": 1, "note": "x" * 5001},
    ],
)
def test_it_rejects_a_malformed_report_with_422(world, body):
    before = state()

    refused(api(world.anna).post("/cases", body), 422)

    assert state() == before


def test_it_rejects_a_body_that_is_not_json(world):
    before = state()

    response = api(world.anna).post("/cases", "{not json")

    assert response.status_code in (400, 422)
    assert state() == before


def test_it_rejects_an_idempotency_key_reused_for_another_report_with_409(world):
    anna = api(world.anna)
    anna.post("/cases", {"client": world.karin.pk, "kind": "lock", "idempotency_key": "k1"})
    before = state()

    response = anna.post(
        "/cases", {"client": world.karin.pk, "kind": "app", "idempotency_key": "k1"}
    )

    refused(response, 409)
    assert state() == before
    assert FaultCase.objects.count() == 1


def test_another_users_idempotency_key_never_reaches_her_case(world):
    api(world.anna).post("/cases", {"client": world.karin.pk, "idempotency_key": "same"})
    otto = api(world.otto)

    response = otto.post("/cases", {"client": world.bengt.pk, "idempotency_key": "same"})

    # Otto's key is his own: a new case for Bengt, nothing of Karin's.
    assert response.status_code == 201
    assert response.json()["client"]["id"] == world.bengt.pk
    assert "Karin" not in str(response.json())


def test_it_rejects_an_unknown_filter_value_with_422(world):
    assert api(world.kim).get("/cases", status="lost").status_code == 422
    assert api(world.kim).get("/cases", limit=0).status_code == 422


# Steps


def test_it_rejects_a_step_completed_twice_with_409(world):
    expire_decision(world)
    case = open_case(world)
    kim = api(world.kim)
    kim.post(f"/cases/{case.pk}/steps/contact_needs_assessor/complete", {})
    before = state()

    response = kim.post(f"/cases/{case.pk}/steps/contact_needs_assessor/complete", {})

    refused(response, 409)
    assert state() == before


def test_it_rejects_an_unknown_step_code_with_404(world):
    case = open_case(world)
    before = state()

    refused(api(world.kim).post(f"/cases/{case.pk}/steps/make_coffee/complete", {}), 404)

    assert state() == before


def test_it_rejects_a_step_that_has_an_action_of_its_own_with_400(world):
    case = open_case(world)
    before = state()

    response = api(world.kim).post(f"/cases/{case.pk}/steps/message_night_patrol/complete", {})

    refused(response, 400)
    assert state() == before


def test_it_rejects_informing_the_alarm_group_twice_with_409(world):
    case = open_case(world, now=SATURDAY_10)  # R10: the report itself informed them
    before = state()

    refused(api(world.kim).post(f"/cases/{case.pk}/inform-alarm-group", {}), 409)

    assert state() == before


def test_it_rejects_a_second_acknowledgement_with_409(world):
    case = open_case(world)
    lars = api(world.lars)
    lars.post(f"/cases/{case.pk}/acknowledge", {})
    before = state()

    refused(lars.post(f"/cases/{case.pk}/acknowledge", {}), 409)

    assert state() == before


# Notes and corrections


@pytest.mark.parametrize("text", ["", "   \n "])
def test_it_rejects_an_empty_note_with_400(world, text):
    case = open_case(world)
    before = state()

    refused(api(world.kim).post(f"/cases/{case.pk}/notes", {"text": text}), 400)

    assert state() == before


def test_it_rejects_an_empty_correction_with_422(world):
    case = open_case(world)
    entry = case.timeline.get(kind="reported")
    before = state()

    response = api(world.kim).post(
        f"/cases/{case.pk}/timeline/{entry.pk}/corrections", {"text": "  "}
    )

    refused(response, 422)
    assert state() == before


def test_it_rejects_a_correction_of_another_cases_entry_with_404(world):
    case = open_case(world)
    other = open_case(world, kind="app")
    foreign = other.timeline.get(kind="reported")
    before = state()

    response = api(world.kim).post(
        f"/cases/{case.pk}/timeline/{foreign.pk}/corrections", {"text": "Rättelse"}
    )

    refused(response, 404)
    assert state() == before


# Restoring and closing


def test_it_rejects_closing_before_restoring_with_409(world):
    case = open_case(world)
    before = state()

    refused(api(world.kim).post(f"/cases/{case.pk}/close", {}), 409)

    assert state() == before


def test_it_rejects_restoring_a_closed_case_with_409(world):
    case = open_case(world)
    kim = api(world.kim)
    kim.post(f"/cases/{case.pk}/restore", {})
    kim.post(f"/cases/{case.pk}/close", {})
    before = state()

    refused(kim.post(f"/cases/{case.pk}/restore", {}), 409)
    refused(kim.post(f"/cases/{case.pk}/close", {}), 409)
    refused(api(world.lars).post(f"/cases/{case.pk}/fixed", {}), 409)

    assert state() == before


def test_it_rejects_a_deviation_without_a_reference_with_422(world):
    case = open_case(world)
    before = state()

    refused(api(world.anna).post(f"/cases/{case.pk}/deviation", {"reference": " "}), 422)

    assert state() == before


def test_it_rejects_a_second_deviation_with_409(world):
    case = open_case(world)
    anna = api(world.anna)
    anna.post(f"/cases/{case.pk}/deviation", {"reference": "AV-1"})
    before = state()

    refused(anna.post(f"/cases/{case.pk}/deviation", {"reference": "AV-2"}), 409)

    assert state() == before


# The night patrol


def test_it_rejects_a_night_patrol_message_sent_twice_with_409(world):
    case = open_case(world)
    kim = api(world.kim)
    body = {"unit": world.tumba.pk, "case_ids": [case.pk]}
    kim.post("/cases/night-patrol/messages", body)
    before = state()

    refused(kim.post("/cases/night-patrol/messages", body), 409)

    assert state() == before


def test_it_rejects_a_message_naming_a_case_of_another_unit_with_409(world):
    case = open_case(world)
    other = make_user("kerstin", (world.tumba, Role.COORDINATOR), (world.alby, Role.COORDINATOR))
    before = state()

    response = api(other).post(
        "/cases/night-patrol/messages", {"unit": world.alby.pk, "case_ids": [case.pk]}
    )

    refused(response, 409)
    assert state() == before


@pytest.mark.parametrize(
    "body",
    [
        {"unit": 0, "case_ids": []},
        {"case_ids": [1]},
        {"unit": 1, "case_ids": ["one"]},
    ],
)
def test_it_rejects_a_malformed_night_patrol_message_with_422(world, body):
    before = state()

    refused(api(world.kim).post("/cases/night-patrol/messages", body), 422)

    assert state() == before


def test_it_rejects_an_unknown_case_or_unit_in_a_message_with_404(world):
    case = open_case(world)
    kim = api(world.kim)
    before = state()

    unknown_case = {"unit": world.tumba.pk, "case_ids": [case.pk, 999999]}
    refused(kim.post("/cases/night-patrol/messages", unknown_case), 404)
    refused(kim.post("/cases/night-patrol/messages", {"unit": 999999, "case_ids": [case.pk]}), 404)
    refused(kim.get("/cases/night-patrol/draft", unit=999999), 404)

    assert state() == before
