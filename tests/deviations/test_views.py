"""The pages: Mina avvikelser, the report form, the unit manager's follow-up (R14).

Personas: Anna (care worker) owns her case's report, Ulla (unit manager, Tumba)
follows it up, Kim (coordinator) may neither write Anna's report nor follow it
up, Otto (Alby) sees nothing, Olof (operations manager) sees all.
"""

from datetime import timedelta

import time_machine

from tests.deviations.helpers import RESTORED_AT, helped_with_key, report_of, restored
from vredvakt.audit.models import AuditEntry
from vredvakt.deviations.models import ReportState

LATER = RESTORED_AT + timedelta(hours=1)
FILLED = {
    "account": "Låset öppnade inte; jag tog enhetsnyckeln.",
    "assessment": "Batteriet.",
    "serious": "no",
    "serious_note": "",
}


def as_user(http, user):
    http.force_login(user)
    return http


def test_my_list_shows_the_report_to_write_and_the_menu_leads_there(client, world):
    report = report_of(helped_with_key(world))

    with time_machine.travel(LATER, tick=False):
        page = as_user(client, world.anna).get("/deviations/").content.decode()

    assert "Mina avvikelser" in page and "Karin Lund" in page and "Utkast" in page
    assert f'href="/deviations/{report.pk}/"' in page
    assert 'href="/deviations/"' in page  # the menu's "Avvikelser"


def test_the_lists_name_the_client_and_log_the_read(client, world):
    # A report's title names its client: showing it is a read of the client.
    restored(world, helped_with_key(world))
    reads = AuditEntry.objects.filter(
        action="client.read", object_type="clients.client", object_id=str(world.karin.pk)
    )

    with time_machine.travel(LATER, tick=False):
        mine = as_user(client, world.anna).get("/deviations/").content.decode()
        to_follow_up = as_user(client, world.ulla).get("/deviations/follow-up/").content.decode()

    assert "Karin Lund" in mine and "Karin Lund" in to_follow_up
    assert reads.filter(actor=world.anna).exists() and reads.filter(actor=world.ulla).exists()


def test_the_report_page_shows_the_facts_read_only_and_logs_the_read(client, world):
    report = report_of(restored(world, helped_with_key(world)))

    with time_machine.travel(LATER, tick=False):
        page = as_user(client, world.anna).get(f"/deviations/{report.pk}/").content.decode()

    assert "Fakta, ur Vredvakts logg" in page
    assert "Fel anmält" in page and "Låset svarar inte i appen." in page
    assert "Ur funktion i" in page and "3 h 0 min" in page
    assert "Spara utkast" in page and "Skicka in rapporten" in page
    assert "berätta för din enhetschef genast" in page  # Lex Sarah: what follows if yes
    assert AuditEntry.objects.filter(action="client.read", actor=world.anna).exists()


def test_the_case_page_links_to_the_report(client, world):
    case = helped_with_key(world)
    report = report_of(case)

    with time_machine.travel(LATER, tick=False):
        page = as_user(client, world.anna).get(f"/cases/{case.pk}/").content.decode()

    assert "Skriv avvikelserapporten" in page and f"/deviations/{report.pk}/" in page


def test_the_owner_saves_then_submits_from_the_form(client, world):
    report = report_of(restored(world, helped_with_key(world)))
    http = as_user(client, world.anna)

    with time_machine.travel(LATER, tick=False):
        saved = http.post(f"/deviations/{report.pk}/save/", {**FILLED, "action": "save"})
        report.refresh_from_db()
        assert saved.status_code == 302 and report.is_draft and report.account == FILLED["account"]
        sent = http.post(
            f"/deviations/{report.pk}/save/", {**FILLED, "reference": "AV-7", "action": "submit"}
        )
        again = http.post(
            f"/deviations/{report.pk}/save/", {**FILLED, "reference": "AV-7", "action": "submit"}
        )

    report.refresh_from_db()
    assert sent.status_code == 302 and report.state == ReportState.SUBMITTED
    assert report.reference == "AV-7"
    assert again.status_code == 302  # a double tap joins the first submit


def test_submitting_without_a_reference_says_so_and_changes_nothing(client, world):
    report = report_of(restored(world, helped_with_key(world)))

    with time_machine.travel(LATER, tick=False):
        response = as_user(client, world.anna).post(
            f"/deviations/{report.pk}/save/", {**FILLED, "reference": " ", "action": "submit"}
        )

    assert response.status_code == 422
    assert "Skriv rapportens referens från kommunens avvikelsesystem." in response.content.decode()
    report.refresh_from_db()
    assert report.is_draft and report.account == ""


def test_the_coordinator_cannot_write_the_care_workers_report(client, world):
    report = report_of(restored(world, helped_with_key(world)))

    with time_machine.travel(LATER, tick=False):
        response = as_user(client, world.kim).post(
            f"/deviations/{report.pk}/save/", {**FILLED, "reference": "X", "action": "submit"}
        )

    assert response.status_code == 404  # not hers to see at all
    report.refresh_from_db()
    assert report.is_draft


def submit(http, world, report):
    with time_machine.travel(LATER, tick=False):
        as_user(http, world.anna).post(
            f"/deviations/{report.pk}/save/", {**FILLED, "reference": "AV-7", "action": "submit"}
        )


def test_the_unit_manager_follows_up_from_her_list(client, world):
    report = report_of(restored(world, helped_with_key(world)))
    submit(client, world, report)
    http = as_user(client, world.ulla)

    with time_machine.travel(LATER, tick=False):
        listed = http.get("/deviations/follow-up/").content.decode()
        page = http.get(f"/deviations/{report.pk}/").content.decode()
        done = http.post(
            f"/deviations/{report.pk}/follow-up/",
            {"analysis": "Batterivarningen nådde inte enheten.", "actions": "Ny larmväg."},
        )

    assert "Avvikelser att följa upp" in listed and f"/deviations/{report.pk}/" in listed
    assert "Följ upp och avsluta" in page
    report.refresh_from_db()
    assert done.status_code == 302 and report.state == ReportState.FOLLOWED_UP


def test_a_follow_up_without_actions_is_a_form_error(client, world):
    report = report_of(restored(world, helped_with_key(world)))
    submit(client, world, report)

    with time_machine.travel(LATER, tick=False):
        response = as_user(client, world.ulla).post(
            f"/deviations/{report.pk}/follow-up/", {"analysis": "Analys", "actions": ""}
        )

    assert response.status_code == 422
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.analysis == ""


def test_the_owner_and_a_coordinator_may_not_follow_up(client, world):
    report = report_of(restored(world, helped_with_key(world)))
    submit(client, world, report)
    data = {"analysis": "A", "actions": "B"}

    with time_machine.travel(LATER, tick=False):
        by_owner = as_user(client, world.anna).post(f"/deviations/{report.pk}/follow-up/", data)
        by_kim = as_user(client, world.kim).post(f"/deviations/{report.pk}/follow-up/", data)

    assert by_owner.status_code == 403 and by_kim.status_code == 404
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_another_unit_sees_nothing_and_the_operations_manager_sees_all(client, world):
    report = report_of(restored(world, helped_with_key(world)))

    with time_machine.travel(LATER, tick=False):
        by_otto = as_user(client, world.otto).get(f"/deviations/{report.pk}/")
        otto_list = client.get("/deviations/").content.decode()
        by_olof = as_user(client, world.olof).get(f"/deviations/{report.pk}/")

    assert by_otto.status_code == 404 and "Karin Lund" not in otto_list
    assert by_olof.status_code == 200


def test_the_closed_case_points_to_the_report_not_to_the_bare_reference_form(client, world):
    from vredvakt.cases.services.lifecycle import case_close
    from vredvakt.keys.loans import key_return

    case = restored(world, helped_with_key(world))
    key_return(loan=case.key_loans.get(), by=world.anna, now=LATER)
    case_close(case=case, by=world.kim, now=LATER)

    with time_machine.travel(LATER, tick=False):
        page = as_user(client, world.anna).get(f"/cases/{case.pk}/").content.decode()

    assert "Skriv avvikelserapporten" in page
    assert 'id="h-deviation"' in page  # where the home page's task links to
    assert "Skriv en avvikelserapport i avvikelsesystemet" not in page  # the old bare prompt


def test_the_outage_page_links_the_operations_manager_to_its_report(client, world):
    from tests.deviations.helpers import outage_over
    from vredvakt.deviations.models import DeviationReport

    outage = outage_over(world)
    report = DeviationReport.objects.get(outage=outage)

    with time_machine.travel(LATER, tick=False):
        page = as_user(client, world.olof).get(f"/outages/{outage.pk}/").content.decode()

    assert f"/deviations/{report.pk}/" in page and "Skriv avvikelserapporten" in page
    assert "Avvikelsen är rapporterad" not in page  # the bare reference form gives way
