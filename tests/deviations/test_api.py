"""/api/v1/deviations: list, read, save, submit, follow up, export; with unit and role checks."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.test import Client as HttpClient
from pypdf import PdfReader

from tests.api.conftest import Api
from tests.deviations.helpers import RESTORED_AT, helped_with_key, report_of, restored
from vredvakt.audit.models import AuditEntry
from vredvakt.deviations.models import ReportState

LATER = RESTORED_AT + timedelta(hours=1)
WRITTEN = {"account": "Låset öppnade inte.", "assessment": "Batteriet.", "serious": "no"}


def api(user) -> Api:
    http = HttpClient()
    http.force_login(user)
    return Api(http)


@pytest.fixture(autouse=True)
def later():
    with time_machine.travel(LATER, tick=False):
        yield


@pytest.fixture
def report(world):
    return report_of(restored(world, helped_with_key(world)))


def test_the_owner_lists_reads_saves_and_submits(world, report):
    owner = api(world.anna)

    listed = owner.get("/deviations").json()
    read = owner.get(f"/deviations/{report.pk}").json()
    saved = owner.post(f"/deviations/{report.pk}/draft", WRITTEN)
    sent = owner.post(f"/deviations/{report.pk}/submit", {**WRITTEN, "reference": "AV-9"})

    assert [item["id"] for item in listed["items"]] == [report.pk]
    assert read["facts"]["client"]["name"] == "Karin Lund" and read["state"] == "draft"
    assert saved.status_code == 200 and saved.json()["account"] == "Låset öppnade inte."
    assert sent.status_code == 200 and sent.json()["state"] == "submitted"
    assert sent.json()["reference"] == "AV-9"
    assert AuditEntry.objects.filter(action="client.read", actor=world.anna, via="api").exists()


def test_the_list_filters_by_state_and_refuses_a_state_that_does_not_exist(world, report):
    owner = api(world.anna)

    drafts = owner.get("/deviations", state="draft")
    submitted = owner.get("/deviations", state="submitted")
    # Found by the API fuzzing: a NUL character reached PostgreSQL and answered 500.
    unknown = [owner.get("/deviations", state=bad) for bad in ("closed", "draft\x00")]

    assert [item["id"] for item in drafts.json()["items"]] == [report.pk]
    assert submitted.status_code == 200 and submitted.json()["items"] == []
    assert [r.status_code for r in unknown] == [422, 422]
    assert unknown[0].json()["detail"][0]["loc"][-1] == "state"


def test_a_submit_without_reference_is_a_422_on_the_field_and_changes_nothing(world, report):
    response = api(world.anna).post(f"/deviations/{report.pk}/submit", WRITTEN)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "reference"
    report.refresh_from_db()
    assert report.is_draft and report.account == ""


def test_the_unit_manager_follows_up_and_a_coordinator_may_not(world, report):
    api(world.anna).post(f"/deviations/{report.pk}/submit", {**WRITTEN, "reference": "AV-9"})
    body = {"analysis": "Varningen nådde inte enheten.", "actions": "Ny larmväg."}

    by_kim = api(world.kim).post(f"/deviations/{report.pk}/follow-up", body)
    by_anna = api(world.anna).post(f"/deviations/{report.pk}/follow-up", body)
    listed = api(world.ulla).get("/deviations", scope="follow_up").json()
    by_ulla = api(world.ulla).post(f"/deviations/{report.pk}/follow-up", body)

    assert by_kim.status_code == 404 and by_anna.status_code == 403
    assert [item["id"] for item in listed["items"]] == [report.pk]
    assert by_ulla.status_code == 200 and by_ulla.json()["state"] == ReportState.FOLLOWED_UP


def test_a_draft_cannot_be_followed_up(world, report):
    body = {"analysis": "A", "actions": "B"}

    response = api(world.ulla).post(f"/deviations/{report.pk}/follow-up", body)

    assert response.status_code == 409
    report.refresh_from_db()
    assert report.is_draft


def test_the_outsider_sees_nothing(world, report):
    outsider = api(world.otto)

    assert outsider.get("/deviations").json()["items"] == []
    assert outsider.get(f"/deviations/{report.pk}").status_code == 404
    assert outsider.post(f"/deviations/{report.pk}/draft", WRITTEN).status_code == 404
    assert outsider.get(f"/deviations/{report.pk}/export/pdf").status_code == 404


def test_the_export_is_a_pdf(world, report):
    response = api(world.anna).get(f"/deviations/{report.pk}/export/pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Avvikelserapport" in text and "Karin Lund" in text
