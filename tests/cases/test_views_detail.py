"""The case page: checklist and actions (R4–R9), timeline and corrections (R6), R14, R16."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine

from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import CaseStatus, TimelineEntry
from vredvakt.cases.services.lifecycle import case_close, case_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.clients.models import CareDecision
from vredvakt.routine_versions.models import RoutineVersion

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
TUESDAY_1005 = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)
TOKEN = "0123456789abcdef0123456789abcdef"


def opened(world, now=TUESDAY_10):
    return case_open(
        client=world.karin, kind="lock", source="care_worker", reported_by=world.anna, now=now
    ).case


def page_of(client, user, case, when=TUESDAY_1005):
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        return client.get(f"/cases/{case.pk}/")


def html(client, user, case, when=TUESDAY_1005) -> str:
    response = page_of(client, user, case, when)
    assert response.status_code == 200
    return response.content.decode()


def post(client, user, case, path, data=None, when=TUESDAY_1005):
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        return client.post(f"/cases/{case.pk}/{path}/", {"token": TOKEN, **(data or {})})


def step_html(page: str, code: str) -> str:
    match = re.search(rf'<li class="step [^"]*" id="step-{code}">(.*?)</li>', page, re.S)
    assert match, code
    return match.group(1)


@pytest.fixture
def expired(world):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 20))


# The checklist


def test_the_checklist_shows_owner_due_time_and_who_did_what_but_no_rule_id(client, world):
    case = opened(world)
    page = html(client, world.kim, case)
    assert page.index("Checklista") < page.index("Händelser")
    told = step_html(page, "notify_coordinator")
    assert "Meddela koordinatorn" in told and ">R3<" not in told and "Medarbetare" in told
    assert "status--ok" in told and "Klart" in told and "gjort av Anna, kl. 10:00" in told
    patrol = step_html(page, "message_night_patrol")
    assert ">R9<" not in patrol and "Koordinator" in patrol and "senast kl. 17:00" in patrol
    assert "status--neutral" in patrol and "om 6 h 55 min" in patrol
    assert "Informera larmgruppen" in step_html(page, "inform_alarm_group")
    # R4: Vredvakt checked the care decision, not Anna who reported (#12).
    checked = step_html(page, "check_care_decision")
    assert "gjort av Vredvakt (automatiskt), kl. 10:00" in checked and "Anna" not in checked


def test_actions_show_only_for_people_allowed_to_take_them(client, world):
    case = opened(world)
    coordinator = html(client, world.kim, case)
    assert f'action="/cases/{case.pk}/inform-alarm-group/"' in coordinator
    assert f'action="/cases/{case.pk}/restore/"' in coordinator
    worker = html(client, world.anna, case)
    assert "inform-alarm-group/" not in worker and "restore/" not in worker
    alarm = html(client, world.lars, case)
    assert "acknowledge/" in alarm and "restore/" not in alarm


def test_the_case_page_shows_the_key_and_the_routine_version_r16(client, world):
    RoutineVersion.objects.create(
        code="2026:1",
        title="Elektroniska låsvred ur funktion",
        decided_by="Socialnämnden",
        decided_on=date(2025, 12, 1),
        valid_from=date(2026, 1, 1),
        valid_until=date(2030, 11, 30),
        owner="Verksamhetschef",
    )
    page = html(client, world.kim, opened(world))
    assert "K-1 · krok 14" in page and "Nyckelskåpet Tumba" in page
    assert "Följer rutin 2026:1 (giltig t.o.m. 2030-11-30)" in page


def test_viewing_a_case_logs_a_read_of_the_client(client, world):
    case = opened(world)
    html(client, world.lars, case)
    assert AuditEntry.objects.filter(
        action="client.read", actor_id=world.lars.pk, object_id=str(world.karin.pk)
    ).exists()


def test_an_outsider_gets_404_for_the_case_and_its_actions(client, world):
    case = opened(world)
    assert page_of(client, world.otto, case).status_code == 404
    assert post(client, world.otto, case, "restore").status_code == 404
    assert post(client, world.otto, case, "steps/fetch_key/done").status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


# R4: the care decision


def test_an_expired_decision_shows_access_revoked_and_the_assessor_step_r4(client, world, expired):
    case = opened(world)
    page = html(client, world.kim, case)
    assert "Åtkomsten är spärrad — biståndsbeslutet gick ut 2026-11-20." in page
    step = step_html(page, "contact_needs_assessor")
    assert "Kontakta biståndshandläggaren: biståndsbeslutet har gått ut" in step
    assert ">R4<" not in step  # rule ids are for documentation, not the screen (#12)
    assert "Markera som klart" in step


def test_the_coordinator_completes_the_assessor_step_once_r4(client, world, expired):
    case = opened(world)
    response = post(client, world.kim, case, "steps/contact_needs_assessor/done")
    assert response.status_code == 302
    step = case.steps.get(code="contact_needs_assessor")
    assert (step.done_by, step.done_at) == (world.kim, TUESDAY_1005)
    entries = case.timeline.count()
    again = post(client, world.kim, case, "steps/contact_needs_assessor/done", {"token": "b" * 32})
    assert again.status_code == 409
    assert "Det steget är redan gjort." in again.content.decode()
    assert case.timeline.count() == entries


def test_a_care_worker_cannot_tick_the_coordinators_step(client, world, expired):
    case = opened(world)
    response = post(client, world.anna, case, "steps/contact_needs_assessor/done")
    assert response.status_code == 403
    assert "Du får inte göra det i det här ärendet." in response.content.decode()
    assert not case.steps.get(code="contact_needs_assessor").is_done


def test_a_step_done_by_its_own_action_cannot_be_ticked(client, world):
    case = opened(world)
    response = post(client, world.kim, case, "steps/message_night_patrol/done")
    assert response.status_code == 403  # the tick is not offered for it to anyone
    assert post(client, world.kim, case, "steps/no_such_step/done").status_code == 404


def test_a_decision_about_to_expire_is_a_warning_with_its_date_r4(client, world):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 28))
    page = html(client, world.kim, opened(world))
    assert "Biståndsbeslutet går ut 2026-11-28. Efter det öppnar låset inte" in page
    assert "Åtkomsten är spärrad" not in page


# R7, then closing


def test_restore_of_a_closed_case_is_refused_and_changes_nothing(client, world):
    case = opened(world)
    case_restore(case=case, by=world.kim, now=TUESDAY_10)
    case_close(case=case, by=world.kim, now=TUESDAY_10)
    entries = case.timeline.count()
    response = post(client, world.kim, case, "restore")
    assert response.status_code == 409
    assert "Ärendet är inte längre öppet." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.timeline.count() == entries


def test_the_coordinator_records_works_again_with_who_and_when_r7(client, world):
    case = opened(world)
    post(client, world.kim, case, "restore", {"note": "Provat, låset öppnar"})
    case.refresh_from_db()
    assert (case.status, case.restored_by, case.restored_at) == (
        "restored",
        world.kim,
        TUESDAY_1005,
    )
    page = html(client, world.kim, case)
    assert "kl. 10:05, bekräftat av Kim" in page and "Stäng ärendet" in page


# The timeline (R6)


def test_the_timeline_shows_who_what_and_when(client, world):
    case = opened(world)
    post(client, world.kim, case, "inform-alarm-group")
    page = html(client, world.kim, case)
    timeline = page[page.index("Händelser") :]
    assert "Fel anmält" in timeline and "Anna" in timeline and "kl. 10:00" in timeline
    assert "Larmgruppen informerad" in timeline and "kl. 10:05" in timeline


def test_a_correction_is_a_new_entry_shown_beneath_the_entry_it_corrects(client, world):
    case = opened(world)
    report = case.timeline.get(kind="reported")
    post(client, world.anna, case, f"timeline/{report.pk}/correct", {"text": "Det var appen"})
    report.refresh_from_db()
    correction = TimelineEntry.objects.get(kind="correction")
    assert (correction.corrects, correction.actor, correction.text) == (
        report,
        world.anna,
        "Det var appen",
    )
    assert report.text == ""  # the original stays as it was
    page = html(client, world.kim, case)
    entry = re.search(rf'<li class="entry" id="entry-{report.pk}">(.*?)</details>', page, re.S)
    assert entry and "Rättelse" in entry.group(1) and "Det var appen" in entry.group(1)


def test_it_rejects_an_empty_correction_and_a_correction_by_someone_else(client, world):
    case = opened(world)
    report = case.timeline.get(kind="reported")
    empty = post(client, world.anna, case, f"timeline/{report.pk}/correct", {"text": " "})
    assert empty.status_code == 400 and "Skriv rättelsen." in empty.content.decode()
    other = post(client, world.lars, case, f"timeline/{report.pk}/correct", {"text": "x"})
    assert other.status_code == 403
    assert not TimelineEntry.objects.filter(kind="correction").exists()


# R14: the deviation report after closing


def closed(world):
    case = opened(world)
    case_restore(case=case, by=world.kim, now=TUESDAY_10)
    case_close(case=case, by=world.kim, now=TUESDAY_10)
    return case


def test_after_closing_the_reporter_is_asked_for_the_deviation_r14(client, world):
    case = closed(world)
    with time_machine.travel(TUESDAY_1005, tick=False):
        client.force_login(world.anna)
        home = client.get("/").content.decode()
    assert "Rapportera avvikelsen: Karin Lund" in home
    assert f'href="/cases/{case.pk}/#h-deviation"' in home
    page = html(client, world.anna, case)
    assert page.index("Rapportera avvikelsen") < page.index("Checklista")
    response = post(client, world.anna, case, "deviation", {"reference": "AV-2026-117"})
    assert response.status_code == 302
    step = case.steps.get(code="report_deviation")
    assert step.done_by == world.anna
    assert case.timeline.get(kind="deviation_reported").text == "AV-2026-117"
    with time_machine.travel(TUESDAY_1005, tick=False):
        assert "Rapportera avvikelsen: Karin" not in client.get("/").content.decode()


def test_it_rejects_a_deviation_without_reference_or_by_others(client, world):
    case = closed(world)
    empty = post(client, world.anna, case, "deviation", {"reference": ""})
    assert empty.status_code == 400
    assert "Skriv referensen från avvikelsesystemet." in empty.content.decode()
    assert post(client, world.lars, case, "deviation", {"reference": "AV-1"}).status_code == 403
    assert post(client, world.otto, case, "deviation", {"reference": "AV-1"}).status_code == 404
    assert not case.steps.get(code="report_deviation").is_done


def test_an_expired_decision_makes_the_assessor_the_main_action_and_the_alarm_group_wait_r4(
    client, world, expired
):
    # #13: no "Informera larmgruppen" as the main action while the lock refuses on purpose.
    page = html(client, world.kim, opened(world))
    assessor = step_html(page, "contact_needs_assessor")
    assert "button button--primary" in assessor
    inform = step_html(page, "inform_alarm_group")
    assert "Väntar: biståndsbeslutet har gått ut" in inform
    assert "Informera larmgruppen" in inform and "button--primary" not in inform


def test_without_an_expired_decision_informing_the_alarm_group_is_the_main_action_r8(client, world):
    page = html(client, world.kim, opened(world))
    assert "button--primary" in step_html(page, "inform_alarm_group")
