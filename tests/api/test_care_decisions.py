"""/care-decisions: R4 status from today in Europe/Stockholm and the routine's warning days."""

from datetime import date, datetime

import pytest
import time_machine

from tests.api.conftest import details
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.decision_status import decision_status, warning_days_on, with_status
from vredvakt.clients.models import CareDecision
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion


def at(moment: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(moment), tick=False)


def new_decision(client_id: int, **changes: object) -> dict[str, object]:
    body = {
        "reference": "D-9",
        "client": client_id,
        "valid_from": "2026-06-01",
        "valid_until": "2027-05-31",
    }
    return {**body, **changes}


def status_of(api, decision_id: int) -> str:
    response = api.get(f"/care-decisions/{decision_id}")
    assert response.status_code == 200
    return response.json()["status"]


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        ("2025-12-31T22:59:00+00:00", "not_yet_valid"),  # 23:59 in Stockholm
        ("2025-12-31T23:00:00+00:00", "valid"),  # already 1 January in Stockholm
        ("2027-12-23T23:30:00+01:00", "valid"),  # eight days left
        ("2027-12-23T23:30:00+00:00", "expiring"),  # 24 Dec in Stockholm: the default 7 days
        ("2027-12-31T23:59:00+01:00", "expiring"),
        ("2028-01-01T00:00:00+01:00", "expired"),
    ],
)
def test_the_status_follows_the_day_in_stockholm(world, api_as, moment, status):
    decision = world.karin.care_decisions.get()
    with at(moment):
        assert status_of(api_as(world.kim), decision.pk) == status


def test_the_warning_period_comes_from_the_routine_in_force(world, api_as):
    RoutineVersion.objects.create(
        code="2026:1",
        title="Låsvred ur funktion",
        decided_by="Socialnämnden",
        decided_on=date(2026, 1, 10),
        valid_from=date(2026, 1, 10),
        valid_until=date(2030, 12, 31),
        owner="Verksamhetschef",
        parameters={**RoutineParameters().to_json(), "decision_warning_days": 30},
    )
    decision = world.karin.care_decisions.get()
    with at("2027-12-05T12:00:00+01:00"):
        assert status_of(api_as(world.kim), decision.pk) == "expiring"


def test_the_sql_status_agrees_with_the_rule(world):
    days = [date(2025, 12, 31), date(2026, 1, 1), date(2027, 12, 23), date(2027, 12, 24)]
    decision = world.karin.care_decisions.get()
    for today in days + [date(2028, 1, 1)]:
        annotated = with_status(CareDecision.objects.all(), today=today, warning_days=7).get()
        expected = decision_status(
            valid_from=decision.valid_from,
            valid_until=decision.valid_until,
            today=today,
            warning_days=7,
        )
        assert getattr(annotated, "status") == expected  # noqa: B009 - an annotation


def test_without_a_routine_the_default_warning_period_applies(db):
    assert warning_days_on(date(2026, 6, 1)) == RoutineParameters().decision_warning_days


def test_it_filters_by_client_and_status(world, api_as):
    CareDecision.objects.create(
        reference="D-0",
        client=world.karin,
        valid_from=date(2024, 1, 1),
        valid_until=date(2025, 12, 31),
    )
    kim = api_as(world.kim)
    with at("2026-06-01T12:00:00+02:00"):
        expired = kim.get("/care-decisions", status="expired").json()["items"]
        for_karin = kim.get("/care-decisions", client=world.karin.pk).json()["items"]
        bad_status = kim.get("/care-decisions", status="maybe")

    assert [d["reference"] for d in expired] == ["D-0"]
    assert [d["reference"] for d in for_karin] == ["D-1", "D-0"]
    assert bad_status.status_code == 422


def test_reading_decisions_is_audit_logged(world, api_as):
    api_as(world.hanna).get("/care-decisions")

    entry = AuditEntry.objects.get(action="client.read")
    assert (entry.actor, entry.object_id) == (world.hanna, str(world.karin.pk))


def test_a_needs_assessor_registers_a_decision_as_its_assessor(world, api_as):
    with at("2026-06-01T12:00:00+02:00"):
        response = api_as(world.hanna).post("/care-decisions", new_decision(world.karin.pk))

    assert response.status_code == 201
    assert response.json()["status"] == "valid"
    decision = CareDecision.objects.get(reference="D-9")
    assert (decision.client, decision.assessor) == (world.karin, world.hanna)
    assert AuditEntry.objects.filter(action="care_decision.create", actor=world.hanna).exists()


def test_a_coordinator_renews_a_decision(world, api_as):
    decision = world.karin.care_decisions.get()

    response = api_as(world.kim).patch(
        f"/care-decisions/{decision.pk}", {"valid_until": "2028-12-31", "assessor": None}
    )

    assert response.status_code == 200
    decision.refresh_from_db()
    assert (decision.valid_until, decision.assessor) == (date(2028, 12, 31), None)


@pytest.mark.parametrize("persona", ["anna", "lars", "nils"])
def test_read_only_roles_cannot_change_decisions(world, api_as, unchanged, persona):
    decision = world.karin.care_decisions.get()
    user = api_as(getattr(world, persona))
    state = unchanged()

    patched = user.patch(f"/care-decisions/{decision.pk}", {"valid_until": "2030-01-01"})
    created = user.post("/care-decisions", new_decision(world.karin.pk))

    # Anna sees Karin, so she is told she may not (403); the others do not see her at all.
    expected = 403 if persona == "anna" else 404
    assert patched.status_code == expected
    assert created.status_code == (403 if persona == "anna" else 422)
    state.check()


def test_it_refuses_a_duplicate_decision_reference_with_409(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.hanna).post(
        "/care-decisions", new_decision(world.karin.pk, reference="D-1")
    )

    assert response.status_code == 409
    assert "D-1" in response.json()["detail"]
    state.check()


def test_it_refuses_a_decision_that_ends_before_it_starts(world, api_as, unchanged):
    decision = world.karin.care_decisions.get()
    hanna = api_as(world.hanna)
    state = unchanged()

    created = hanna.post("/care-decisions", new_decision(world.karin.pk, valid_until="2026-01-01"))
    patched = hanna.patch(f"/care-decisions/{decision.pk}", {"valid_from": "2028-01-01"})

    assert (created.status_code, patched.status_code) == (422, 422)
    assert details(created) == ["valid_until"]
    state.check()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"valid_from": "1 June"}, "valid_from"),
        ({"valid_until": None}, "valid_until"),
        ({"client": 999999}, "client"),
        ({"assessor": 999999}, "assessor"),
        ({"reference": ""}, "reference"),
    ],
)
def test_it_rejects_bad_decision_fields_with_422(world, api_as, unchanged, body, field):
    state = unchanged()

    response = api_as(world.hanna).post("/care-decisions", new_decision(world.karin.pk, **body))

    assert response.status_code == 422
    assert field in details(response)
    state.check()


def test_it_rejects_an_assessor_who_is_not_a_needs_assessor(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.kim).post(
        "/care-decisions", new_decision(world.karin.pk, assessor=world.anna.pk)
    )

    assert response.status_code == 422
    assert details(response) == ["assessor"]
    state.check()
