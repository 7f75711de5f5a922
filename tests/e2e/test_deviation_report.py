"""R14 on a phone and at the desk: the care worker writes the prefilled report after using the
key, submits it with the deviation system's reference; the unit manager follows it up."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, login, serious_violations
from vredvakt.cases.services.opening import case_open
from vredvakt.deviations.models import DeviationReport, ReportState
from vredvakt.keys.loans import key_sign_out

SHOTS = "/tmp"


@pytest.mark.e2e
def test_the_care_worker_writes_and_the_unit_manager_follows_up(phone, desktop, live_server, world):
    now = timezone.now()
    case = case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=now,
        note="Låset svarar inte.",
    ).case
    key_sign_out(key=world.karin_unit_key, by=world.anna, case=case, now=now)
    report = DeviationReport.objects.get(case=case)

    login(phone, live_server, world.anna)
    phone.get_by_role("link", name="Avvikelser").first.click()
    phone.get_by_role("link", name="Karin Lund", exact=False).click()
    expect(phone.get_by_role("heading", name="Avvikelserapport")).to_be_visible()
    expect(phone.get_by_text("Fel anmält")).to_be_visible()
    assert not has_horizontal_scroll(phone)
    assert serious_violations(phone) == []
    submit = phone.get_by_role("button", name="Skicka in rapporten")
    assert submit.bounding_box()["height"] >= 44

    phone.get_by_label("Vad som hände, med dina ord").fill("Jag tog enhetsnyckeln och kom in.")
    phone.get_by_text("Nej", exact=True).click()
    submit.click()
    expect(
        phone.get_by_text("Skriv rapportens referens från kommunens avvikelsesystem.")
    ).to_be_visible()
    assert serious_violations(phone) == []
    phone.get_by_label("Referens i kommunens avvikelsesystem").fill("AV-2026-7")
    phone.get_by_role("button", name="Skicka in rapporten").click()
    expect(phone.get_by_text("Tack. Rapporten är inskickad")).to_be_visible()
    phone.screenshot(path=f"{SHOTS}/vredvakt-phone-deviation-submitted.png", full_page=True)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.reference == "AV-2026-7"

    login(desktop, live_server, world.ulla)
    desktop.goto(f"{live_server.url}/deviations/follow-up/")
    desktop.get_by_role("link", name="Karin Lund", exact=False).click()
    desktop.get_by_label("Analys").fill("Batterivarningen nådde inte enheten.")
    desktop.get_by_label("Åtgärder").fill("Leverantören varnar även enheten.")
    desktop.get_by_role("button", name="Spara uppföljningen och avsluta").click()
    expect(desktop.get_by_text("Uppföljningen är sparad")).to_be_visible()
    assert serious_violations(desktop) == []
    report.refresh_from_db()
    assert report.state == ReportState.FOLLOWED_UP
