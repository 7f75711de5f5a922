"""Closing many cases that work again at once, from the desk (R7; each on its terms, R5, R14)."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.contrib.messages import get_messages

from tests.conftest import make_client
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.services.lifecycle import case_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.keys.loans import key_sign_out
from vredvakt.notifications.models import Message

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
LATER = TUESDAY_10 + timedelta(hours=2)
URL = "/cases/close-restored/"


def restored(world, client, key_out=None) -> FaultCase:
    case = case_open(
        client=client, kind="lock", source="care_worker", reported_by=world.anna, now=TUESDAY_10
    ).case
    if key_out is not None:  # taken for the visit, not yet back (R5)
        key_sign_out(key=key_out, by=world.anna, case=case, now=TUESDAY_10)
    return case_restore(case=case, by=world.kim, now=TUESDAY_10 + timedelta(hours=1))


def post(http, user, data):
    with time_machine.travel(LATER, tick=False):
        http.force_login(user)
        return http.post(URL, data)


def flashes(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def status(case: FaultCase) -> str:
    case.refresh_from_db()
    return case.status


def test_the_desk_offers_the_cases_that_work_again(client, world):
    restored(world, world.karin, key_out=world.karin_unit_key)
    restored(world, make_client("C-9", "Greta", "Berg", world.tumba))

    with time_machine.travel(LATER, tick=False):
        client.force_login(world.kim)
        page = client.get("/cases/").content.decode()

    assert "Fungerar igen: 2 ärenden att stänga" in page
    assert "Greta Berg" in page
    # Karin's key is still out: her case cannot be chosen (R5).
    assert "disabled>" in page and "en nyckel är fortfarande ute" in page
    # Greta's case never had a loan: it is not held back.
    assert page.count("en nyckel är fortfarande ute") == 1


def test_the_chosen_cases_close_and_a_key_still_out_holds_one_back(client, world):
    karin = restored(world, world.karin, key_out=world.karin_unit_key)
    greta = restored(world, make_client("C-9", "Greta", "Berg", world.tumba))

    response = post(client, world.kim, {"case": [karin.pk, greta.pk]})

    assert response.status_code == 302 and response.url == "/cases/"
    assert (status(greta), status(karin)) == (CaseStatus.CLOSED, CaseStatus.RESTORED)
    said = flashes(response)
    assert any("1 ärende stängt" in text for text in said)
    assert any(text.startswith("Karin Lund:") for text in said)
    # R14: the reporter of each closed case is asked for the deviation report.
    assert Message.objects.filter(kind="deviation_requested", recipient=world.anna).count() == 1


def test_a_case_of_another_unit_is_never_closed(client, world):
    bengt = restored(world, world.bengt)

    response = post(client, world.kim, {"case": [bengt.pk]})

    assert response.status_code == 302
    assert status(bengt) == CaseStatus.RESTORED


def test_a_second_tap_closes_nothing_more(client, world):
    greta = restored(world, make_client("C-9", "Greta", "Berg", world.tumba))
    post(client, world.kim, {"case": [greta.pk]})

    again = post(client, world.kim, {"case": [greta.pk]})

    assert again.status_code == 302
    assert "De valda ärendena är redan stängda." in flashes(again)


def test_choosing_nothing_or_nonsense_is_a_400_and_changes_nothing(client, world):
    greta = restored(world, make_client("C-9", "Greta", "Berg", world.tumba))

    for data in ({}, {"case": ["x"]}, {"case": [str(greta.pk), "-1"]}):
        response = post(client, world.kim, data)
        assert response.status_code == 400
        assert "Välj de ärenden som ska stängas." in response.content.decode()
    assert status(greta) == CaseStatus.RESTORED
    # The page it answers with shows clients: those reads are logged too.
    assert AuditEntry.objects.filter(action="client.read", actor=world.kim).exists()


def test_a_care_worker_may_not(client, world):
    greta = restored(world, make_client("C-9", "Greta", "Berg", world.tumba))

    assert post(client, world.anna, {"case": [greta.pk]}).status_code == 403
    assert status(greta) == CaseStatus.RESTORED
