"""/api/v1/cases: each endpoint's happy path, the same routine as the pages.

The shared helpers here (`api`, `open_case`, `state`, the frozen clock) are
imported by the other test_api_* modules.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client as HttpClient

from tests.api.conftest import Api
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import (
    CaseStep,
    FaultCase,
    NightPatrolMessage,
    SubmissionToken,
    TimelineEntry,
)
from vredvakt.cases.services.opening import case_open
from vredvakt.clients.models import CareDecision
from vredvakt.jobs.models import ScheduledJob
from vredvakt.notifications.models import Message

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
SATURDAY_10 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def api(user: User | None) -> Api:
    http = HttpClient()
    if user is not None:
        http.force_login(user)
    return Api(http)


@pytest.fixture(autouse=True)
def tuesday() -> Iterator[None]:
    """The API takes the time from the clock: Tuesday 10:00 in Stockholm, frozen."""
    with time_machine.travel(TUESDAY_10, tick=False):
        yield


def open_case(world: Any, now: datetime = TUESDAY_10, **kwargs: Any) -> FaultCase:
    fields = {"client": world.karin, "kind": "lock", "source": "care_worker"}
    fields.update(kwargs)
    return case_open(reported_by=world.anna, now=now, **fields).case


def expire_decision(world: Any) -> None:
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 20))


def state() -> dict[str, Any]:
    """What a refused request must leave as it was."""
    return {
        "cases": list(
            FaultCase.objects.order_by("pk").values_list(
                "pk",
                "status",
                "restored_at",
                "closed_at",
                "alarm_acknowledged_at",
                "restore_proposed_at",
                "vendor_ticket",
            )
        ),
        "steps_done": list(
            CaseStep.objects.filter(done_at__isnull=False)
            .order_by("pk")
            .values_list("pk", "due_at")
        ),
        "timeline": TimelineEntry.objects.count(),
        "messages": Message.objects.count(),
        "night_patrol_messages": NightPatrolMessage.objects.count(),
        "tokens": SubmissionToken.objects.count(),
        "jobs": list(ScheduledJob.objects.order_by("pk").values_list("pk", "state")),
        # Reads and sign-ins (the test signs in) are not changes.
        "changes": AuditEntry.objects.exclude(action="client.read")
        .exclude(action__startswith="auth.")
        .count(),
    }


def steps_of(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["code"]: step for step in body["steps"]}


def at(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def client_reads(user: User) -> int:
    return AuditEntry.objects.filter(action="client.read", actor=user).count()


# Opening


def test_a_care_worker_reports_a_fault_and_gets_the_case_with_its_key(world):
    response = api(world.anna).post(
        "/cases", {"client": world.karin.pk, "kind": "lock", "note": "Låset blinkar rött"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["joined"] is False
    assert (body["client"]["id"], body["unit"]["id"]) == (world.karin.pk, world.tumba.pk)
    assert (body["mode"], body["source"], body["status"]) == ("weekday", "care_worker", "open")
    # R1: by day, the unit key on hook 14 in Tumba's cabinet.
    assert body["key_guidance"] == {
        "key_kind": "unit_key",
        "key": {"code": "K-1", "hook": "14", "place": "Nyckelskåpet Tumba"},
    }
    assert body["decision"] == {"access_revoked": False, "expires_on": None, "expired_on": None}
    assert body["routine_version"] == world.routine.code  # R16: the version in force
    night = steps_of(body)["message_night_patrol"]
    assert (night["rule"], night["role"]) == ("R9", "coordinator")
    assert at(night["due"]) == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # R9: 17:00
    assert night["label"] and night["done_at"] is None
    assert steps_of(body)["document_fault"]["done_by"] == {"id": world.anna.pk, "name": "Anna"}
    first = body["timeline"][0]
    assert (first["kind"], first["text"], first["actor"]["id"]) == (
        "reported",
        "Låset blinkar rött",
        world.anna.pk,
    )
    case = FaultCase.objects.get()
    assert AuditEntry.objects.filter(action="case.open", object_id=str(case.pk), via="api").exists()
    assert client_reads(world.anna) == 1
    assert Message.objects.filter(recipient=world.kim, kind="case_opened").exists()  # R3


def test_a_coordinators_report_is_recorded_as_the_coordinators(world):
    response = api(world.kim).post("/cases", {"client": world.karin.pk, "kind": "app"})

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["source"]) == ("app", "coordinator")


def test_the_same_lock_reported_again_joins_the_open_case_with_200(world):
    first = api(world.anna).post("/cases", {"client": world.karin.pk, "kind": "lock"})

    again = api(world.kim).post("/cases", {"client": world.karin.pk, "note": "Igen"})

    assert again.status_code == 200
    assert again.json()["joined"] is True and again.json()["id"] == first.json()["id"]
    assert FaultCase.objects.count() == 1
    assert again.json()["timeline"][-1]["kind"] == "reported_again"


def test_a_retry_with_the_same_idempotency_key_does_nothing_twice(world):
    body = {"client": world.karin.pk, "kind": "lock", "idempotency_key": "tap-1"}
    first = api(world.anna).post("/cases", body)
    before = state()

    retry = api(world.anna).post("/cases", body)

    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["id"] == first.json()["id"] and retry.json()["joined"] is True
    assert state() == before


# Reading


def test_the_list_filters_and_pages_and_logs_the_clients_read(world):
    lock_case = open_case(world)
    app_case = open_case(world, kind="app")
    open_case(world, client=world.bengt)
    kim = api(world.kim)

    everything = kim.get("/cases")
    apps = kim.get("/cases", kind="app")
    page = kim.get("/cases", limit=1, offset=1)

    assert everything.status_code == 200
    assert everything.json()["count"] == 2  # Bengt's case is Alby's
    assert [c["id"] for c in apps.json()["items"]] == [app_case.pk]
    assert page.json()["count"] == 2 and len(page.json()["items"]) == 1
    assert kim.get("/cases", client=world.karin.pk, status="open").json()["count"] == 2
    assert kim.get("/cases", unit=world.alby.pk).json()["count"] == 0
    assert kim.get("/cases", mode="weekend").json()["count"] == 0
    assert kim.get("/cases", source="care_worker").json()["count"] == 2
    assert {c["id"] for c in everything.json()["items"]} == {lock_case.pk, app_case.pk}
    assert client_reads(world.kim) >= 1


def test_the_detail_shows_checklist_timeline_decision_and_night_key_at_night(world):
    night = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)  # 23:30: the night shift (R2)
    case = open_case(world, now=night)

    with time_machine.travel(night, tick=False):  # R2: the key of the moment of asking (#12)
        response = api(world.kim).get(f"/cases/{case.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["key_guidance"] == {
        "key_kind": "night_key",
        "key": {"code": "N-1", "hook": "N14", "place": "Orrens servicehus"},
    }
    assert [s["code"] for s in body["steps"]][:2] == ["notify_coordinator", "check_care_decision"]
    assert {e["kind"] for e in body["timeline"]} == {"reported", "decision_checked"}
    assert client_reads(world.kim) == 1


def test_a_client_without_a_matching_key_gets_null_guidance(world):
    night = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)
    case = open_case(world, client=world.bengt, now=night)

    with time_machine.travel(night, tick=False):  # asked at night: the night key (R2, #12)
        body = api(world.otto).get(f"/cases/{case.pk}").json()

    assert body["key_guidance"] == {"key_kind": "night_key", "key": None}


def test_an_expired_decision_shows_in_the_detail(world):
    expire_decision(world)

    body = api(world.anna).post("/cases", {"client": world.karin.pk}).json()

    # R4: the lock refuses by design; the coordinator contacts the assessor.
    assert body["decision"] == {
        "access_revoked": True,
        "expires_on": None,
        "expired_on": "2026-11-20",
    }
    assert steps_of(body)["contact_needs_assessor"]["rule"] == "R4"


# Acting


def test_the_coordinator_ticks_off_contacting_the_needs_assessor(world):
    expire_decision(world)
    case = open_case(world)

    response = api(world.kim).post(f"/cases/{case.pk}/steps/contact_needs_assessor/complete", {})

    assert response.status_code == 200
    step = steps_of(response.json())["contact_needs_assessor"]
    assert step["done_by"]["id"] == world.kim.pk and step["done_at"]
    assert AuditEntry.objects.filter(action="case.step_done", via="api").count() == 1


def test_the_care_worker_ticks_off_fetching_the_key(world):
    case = open_case(world)

    response = api(world.anna).post(f"/cases/{case.pk}/steps/fetch_key/complete", {})

    assert response.status_code == 200
    assert steps_of(response.json())["fetch_key"]["done_by"]["id"] == world.anna.pk


def test_the_coordinator_informs_the_alarm_group_who_takes_the_case(world):
    case = open_case(world)

    informed = api(world.kim).post(f"/cases/{case.pk}/inform-alarm-group", {})
    taken = api(world.lars).post(f"/cases/{case.pk}/acknowledge", {})

    assert informed.status_code == 200
    assert steps_of(informed.json())["inform_alarm_group"]["done_by"]["id"] == world.kim.pk
    assert Message.objects.filter(recipient=world.lars, kind="alarm_group_informed").exists()
    assert taken.status_code == 200
    assert at(taken.json()["alarm_acknowledged_at"]) == TUESDAY_10
    assert steps_of(taken.json())["alarm_group_act"]["done_by"]["id"] == world.lars.pk


def test_the_alarm_group_notes_troubleshooting_with_a_vendor_ticket(world):
    case = open_case(world)

    response = api(world.lars).post(
        f"/cases/{case.pk}/notes",
        {"text": "Bytt batteri", "vendor_ticket": "PH-4711", "troubleshooting": True},
    )

    assert response.status_code == 201
    entry = response.json()
    assert (entry["kind"], entry["text"], entry["actor"]["id"]) == (
        "troubleshooting",
        "Bytt batteri",
        world.lars.pk,
    )
    case.refresh_from_db()
    assert case.vendor_ticket == "PH-4711"


def test_the_coordinator_adds_a_plain_note(world):
    case = open_case(world)

    response = api(world.kim).post(f"/cases/{case.pk}/notes", {"text": "Brukaren är oroad"})

    assert response.status_code == 201 and response.json()["kind"] == "note"


def test_fixed_then_restored_then_closed_then_the_deviation_is_reported(world):
    case = open_case(world)

    fixed = api(world.lars).post(f"/cases/{case.pk}/fixed", {"note": "Ny gateway"})
    restored = api(world.kim).post(f"/cases/{case.pk}/restore", {})
    closed = api(world.kim).post(f"/cases/{case.pk}/close", {})
    deviation = api(world.anna).post(f"/cases/{case.pk}/deviation", {"reference": "AV-2026-12"})

    assert at(fixed.json()["restore_proposed_at"]) == TUESDAY_10  # R7: proposed, not restored
    assert fixed.json()["status"] == "open"
    assert restored.status_code == 200 and restored.json()["status"] == "restored"
    assert restored.json()["restored_at"]
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert deviation.status_code == 200
    reported = steps_of(deviation.json())["report_deviation"]
    assert reported["done_by"]["id"] == world.anna.pk  # R14
    assert deviation.json()["timeline"][-1]["text"] == "AV-2026-12"


def test_the_restore_body_is_optional(world):
    case = open_case(world)

    response = api(world.kim).http.post(
        f"/api/v1/cases/{case.pk}/restore", "", content_type="application/json"
    )

    assert response.status_code == 200, response.content


def test_a_correction_is_a_new_entry_pointing_at_the_old_one(world):
    case = open_case(world, note="Låset på baksidan")
    reported = case.timeline.get(kind="reported")

    response = api(world.anna).post(
        f"/cases/{case.pk}/timeline/{reported.pk}/corrections", {"text": "Låset på framsidan"}
    )

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["corrects"]) == ("correction", reported.pk)
    reported.refresh_from_db()
    assert reported.text == "Låset på baksidan"  # R6: never changed


# The night patrol (R9)


def test_the_coordinator_gets_a_draft_for_the_night_patrol(world):
    case = open_case(world)

    response = api(world.kim).get("/cases/night-patrol/draft", unit=world.tumba.pk)

    assert response.status_code == 200
    body = response.json()
    assert [c["id"] for c in body["cases"]] == [case.pk]
    [line] = body["lines"]
    assert (line["client"], line["address"], line["key"]) == (
        "Karin Lund",
        "Lundgatan 4, 147 30 Tumba",
        "N-1",
    )
    assert "Orrens servicehus" in line["key_place"] and "N14" in line["key_place"]
    assert "Karin Lund" in body["text"] and "N-1" in body["text"]
    assert client_reads(world.kim) == 1


def test_the_coordinator_sends_the_night_patrol_message(world):
    case = open_case(world)

    response = api(world.kim).post(
        "/cases/night-patrol/messages",
        {"unit": world.tumba.pk, "case_ids": [case.pk], "text": ""},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["case_ids"] == [case.pk] and "N-1" in body["text"]
    assert body["sent_by"]["id"] == world.kim.pk
    assert Message.objects.filter(recipient=world.nils, kind="night_patrol_message").exists()
    step = case.steps.get(code="message_night_patrol")
    assert (step.done_by, step.done_at) == (world.kim, TUESDAY_10)
    assert (
        api(world.kim).get("/cases/night-patrol/draft", unit=world.tumba.pk).json()["lines"] == []
    )


# The schema


def test_the_openapi_schema_documents_the_cases_api(db):
    schema = HttpClient().get("/api/v1/openapi.json").json()
    paths = schema["paths"]

    expected = {
        ("/api/v1/cases", "post"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases/{case_id}", "get"),
        ("/api/v1/cases/{case_id}/steps/{code}/complete", "post"),
        ("/api/v1/cases/{case_id}/inform-alarm-group", "post"),
        ("/api/v1/cases/{case_id}/acknowledge", "post"),
        ("/api/v1/cases/{case_id}/notes", "post"),
        ("/api/v1/cases/{case_id}/fixed", "post"),
        ("/api/v1/cases/{case_id}/restore", "post"),
        ("/api/v1/cases/{case_id}/close", "post"),
        ("/api/v1/cases/{case_id}/deviation", "post"),
        ("/api/v1/cases/{case_id}/timeline/{entry_id}/corrections", "post"),
        ("/api/v1/cases/night-patrol/draft", "get"),
        ("/api/v1/cases/night-patrol/messages", "post"),
    }
    for path, method in expected:
        operation = paths[path][method]
        assert operation["summary"], path
        assert operation["tags"] == ["cases"]
        if method == "post":
            assert {"403", "404", "409", "422"} <= set(operation["responses"]), path
    assert {"200", "201"} <= set(paths["/api/v1/cases"]["post"]["responses"])
    assert "CaseDetailOut" in schema["components"]["schemas"]
