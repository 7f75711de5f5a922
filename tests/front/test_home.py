"""Each role lands on a home page with the panels for its work."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vredvakt.audit.models import AuditEntry
from vredvakt.cases.services.opening import case_open
from vredvakt.clients.models import CareDecision

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def home_text(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_sends_a_visitor_who_is_not_signed_in_to_the_login_page(client, world):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_care_worker_gets_the_report_button_keys_and_messages(client, world):
    page = home_text(client, world.anna)
    assert "Låset fungerar inte" in page
    assert "Mina nycklar" in page
    assert "Meddelanden" in page
    # The report button leads to the report form (cases:report).
    assert 'href="/cases/report/"' in page
    assert "Öppna ärenden" not in page


def test_a_coordinator_gets_open_cases_for_the_unit_and_the_clients(client, world):
    page = home_text(client, world.kim)
    assert "Öppna ärenden – Enhet Tumba" in page
    assert "Inga öppna ärenden." in page
    assert "Du ser 1 brukare." in page
    assert 'href="/clients/"' in page
    assert "Låset fungerar inte" not in page


def test_the_alarm_group_gets_its_queue_and_the_fleet(client, world):
    page = home_text(client, world.lars)
    assert "Kön är tom." in page
    assert "2 lås är registrerade." in page
    assert 'href="/locks/"' in page
    assert 'href="/clients/"' not in page


def test_the_night_patrol_is_told_when_the_coordinators_message_comes(client, world):
    page = home_text(client, world.nils)
    assert "I natt" in page
    assert "senast kl. 17:00" in page  # R9


def test_managers_get_the_routine_panel(client, world):
    for manager in (world.ulla, world.olof):
        assert "Rutinen" in home_text(client, manager)


def test_the_administrator_gets_links_to_admin_and_import(client, world):
    page = home_text(client, world.adam)
    assert 'href="/admin/"' in page
    assert 'href="/import/"' in page


def test_a_user_with_two_roles_gets_both_sets_of_panels(client, world):
    page = home_text(client, world.otto)
    assert "Låset fungerar inte" in page
    assert "Öppna ärenden – Enhet Alby" in page
    assert "Tumba" not in page


def test_a_user_without_a_role_is_told_whom_to_ask(client, world, django_user_model):
    newcomer = django_user_model.objects.create_user("ny", password="x")
    page = home_text(client, newcomer)
    assert "Du har ingen roll än" in page


@pytest.fixture
def dec_2027():
    with time_machine.travel(datetime(2027, 12, 20, 9, 0, tzinfo=STOCKHOLM), tick=False):
        yield


def test_the_needs_assessor_sees_decisions_about_to_expire(client, world, dec_2027):
    page = home_text(client, world.hanna)
    assert "Biståndsbeslut att förnya" in page
    assert "Karin Lund" in page
    assert "Går ut om 11 dagar" in page  # D-1 ends 2027-12-31 (R4)


def test_the_needs_assessor_does_not_see_a_decision_already_renewed(client, world, dec_2027):
    CareDecision.objects.create(
        reference="D-2",
        client=world.karin,
        valid_from=date(2028, 1, 1),
        valid_until=date(2028, 12, 31),
    )
    page = home_text(client, world.hanna)
    assert "Karin Lund" not in page
    assert "Inga beslut behöver förnyas just nu." in page


def test_the_assessors_list_is_logged_as_a_read_of_client_data(client, world, dec_2027):
    home_text(client, world.hanna)
    read = AuditEntry.objects.get(action="client.read")
    assert (read.actor, read.object_id, read.via) == (world.hanna, str(world.karin.pk), "web")


def test_a_home_page_without_client_data_logs_no_read(client, world):
    home_text(client, world.kim)
    assert not AuditEntry.objects.filter(action="client.read").exists()


def test_the_assessor_sees_a_decision_long_expired_while_the_client_has_an_open_case_r4(
    client, world
):
    # #13: ended 2026-09-30, 55 days before: outside the 30 days, but the lock refuses today.
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 9, 30))
    with time_machine.travel(datetime(2026, 11, 24, 10, 0, tzinfo=STOCKHOLM), tick=False):
        assert "Karin Lund" not in home_text(client, world.hanna)  # no open case: not listed
        case_open(
            client=world.karin,
            kind="lock",
            source="care_worker",
            reported_by=world.anna,
            now=datetime(2026, 11, 24, 10, 0, tzinfo=STOCKHOLM),
        )
        page = home_text(client, world.hanna)
    assert "Karin Lund" in page
