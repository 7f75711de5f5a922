"""Reporting at the door (R3, R6) and the "what now" page (R1, R2, R4, R10) in the browser."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from tests.conftest import make_client
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import FaultCase, NightPatrolMessage, TimelineEntry
from vredvakt.cases.services.lifecycle import case_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.clients.models import CareDecision
from vredvakt.keys.models import Key

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
TUESDAY_23 = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)  # 23:00: the night shift (R2)
SATURDAY_10 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
TOKEN = "0123456789abcdef0123456789abcdef"


def report(client, world, *, token=TOKEN, kind="lock", who=None, target=None, note=""):
    client.force_login(who or world.anna)
    data = {"client": (target or world.karin).pk, "kind": kind, "note": note, "token": token}
    return client.post("/cases/report/", data)


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def tuesday():
    with time_machine.travel(TUESDAY_10, tick=False):
        yield


# The report form


def test_the_report_form_lists_my_units_clients_and_no_one_elses(client, world, tuesday):
    client.force_login(world.anna)
    page = text(client.get("/cases/report/"))
    assert "Vilken brukare?" in page
    assert "Karin Lund" in page
    assert "Bengt Sjö" not in page  # Alby's client
    assert 'value="lock" id="id_kind_0" required checked' in page  # the lock is preselected
    assert 'name="token"' in page


def test_my_recent_clients_come_first(client, world, tuesday):
    case_open(
        client=world.karin, kind="app", source="care_worker", reported_by=world.anna, now=TUESDAY_10
    )
    client.force_login(world.anna)
    page = text(client.get("/cases/report/"))
    assert page.index("Dina senaste anmälningar") < page.index("Karin Lund")


def test_clients_reported_lately_in_my_unit_come_before_the_rest(client, world, tuesday):
    # #13: until planned visits exist, a colleague's recent report says where the route goes.
    make_client("C-3", "Anders", "Ahl", world.karin.unit)
    case_open(
        client=world.karin,
        kind="app",
        source="coordinator",
        reported_by=world.kim,
        now=TUESDAY_10 - timedelta(days=3),
    )
    client.force_login(world.anna)
    page = text(client.get("/cases/report/"))
    assert page.index("Anmälda nyligen i din enhet") < page.index("Karin Lund")
    assert page.index("Karin Lund") < page.index("Andra brukare") < page.index("Anders Ahl")
    assert "Dina senaste anmälningar" not in page


def test_an_old_open_case_counts_an_old_closed_one_does_not(client, world, tuesday):
    ahl = make_client("C-3", "Anders", "Ahl", world.karin.unit)
    old = TUESDAY_10 - timedelta(days=40)
    case_open(client=world.karin, kind="app", source="coordinator", reported_by=world.kim, now=old)
    gone = case_open(client=ahl, kind="app", source="coordinator", reported_by=world.kim, now=old)
    case_restore(case=gone.case, by=world.kim, now=old + timedelta(hours=1))  # works again
    client.force_login(world.anna)
    page = text(client.get("/cases/report/"))
    assert page.index("Anmälda nyligen i din enhet") < page.index("Karin Lund")
    assert page.index("Andra brukare") < page.index("Anders Ahl")


def test_my_own_reports_come_before_my_units(client, world, tuesday):
    ahl = make_client("C-3", "Anders", "Ahl", world.karin.unit)
    case_open(client=ahl, kind="app", source="coordinator", reported_by=world.kim, now=TUESDAY_10)
    case_open(
        client=world.karin,
        kind="app",
        source="care_worker",
        reported_by=world.anna,
        now=TUESDAY_10 - timedelta(days=1),
    )
    client.force_login(world.anna)
    page = text(client.get("/cases/report/"))
    assert page.index("Dina senaste anmälningar") < page.index("Karin Lund")
    assert page.index("Karin Lund") < page.index("Anmälda nyligen i din enhet")
    assert page.index("Anmälda nyligen i din enhet") < page.index("Anders Ahl")


def test_the_send_button_sits_in_the_sticky_action_bar(client, world, tuesday):
    client.force_login(world.anna)
    page = text(client.get("/cases/report/"))
    bar = page.index('class="action-bar"')
    assert bar < page.index("Skicka till koordinatorn") < page.index("</form>", bar)


def test_the_search_finds_a_client_by_the_locks_vendor_id(client, world, tuesday):
    client.force_login(world.anna)
    page = text(client.get("/cases/report/", {"q": "PH-1"}, headers={"HX-Request": "true"}))
    assert page.strip().startswith('<fieldset class="choices" id="client-options">')
    assert "Karin Lund" in page
    nothing = text(client.get("/cases/report/", {"q": "PH-2"}, headers={"HX-Request": "true"}))
    assert "Bengt" not in nothing and "Ingen brukare passar" in nothing


def test_a_client_can_be_preselected_from_the_link(client, world, tuesday):
    client.force_login(world.anna)
    page = text(client.get("/cases/report/", {"client": world.karin.pk}))
    assert f'value="{world.karin.pk}" required checked' in page


def test_the_alarm_group_does_not_report_at_the_door(client, world):
    client.force_login(world.lars)
    assert client.get("/cases/report/").status_code == 403


# Sending the report (R3, R6)


def test_a_report_opens_the_case_with_the_report_as_its_first_entry(client, world, tuesday):
    response = report(client, world, note="Låset blinkar rött")
    case = FaultCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/reported/"
    assert (case.client, case.kind, case.source, case.opened_by) == (
        world.karin,
        "lock",
        "care_worker",
        world.anna,
    )
    first = case.timeline.first()
    assert first is not None
    assert (first.kind, first.actor, first.text) == ("reported", world.anna, "Låset blinkar rött")


def test_a_double_tap_with_the_same_token_opens_one_case_and_adds_nothing(client, world, tuesday):
    first = report(client, world)
    second = report(client, world)
    assert FaultCase.objects.count() == 1
    assert second["Location"] == first["Location"]  # no "the case already existed"
    assert not TimelineEntry.objects.filter(kind="reported_again").exists()


def test_reporting_the_same_lock_again_joins_the_open_case_and_says_so(client, world, tuesday):
    report(client, world, token="a" * 32)
    again = report(client, world, token="b" * 32)
    case = FaultCase.objects.get()
    assert again["Location"] == f"/cases/{case.pk}/reported/?joined=1"
    page = text(client.get(again["Location"]))
    assert "Ärendet fanns redan — din anmälan är tillagd" in page
    assert case.timeline.filter(kind="reported_again", actor=world.anna).count() == 1


def test_it_rejects_an_unknown_client_and_stores_nothing(client, world, tuesday):
    client.force_login(world.anna)
    response = client.post("/cases/report/", {"client": 999999, "kind": "lock", "token": TOKEN})
    assert response.status_code == 400
    assert "Välj en av din enhets brukare." in text(response)
    assert not FaultCase.objects.exists() and not TimelineEntry.objects.exists()


def test_it_rejects_a_client_of_another_unit_and_stores_nothing(client, world, tuesday):
    response = report(client, world, target=world.bengt)
    assert response.status_code == 400
    assert "Bengt" not in text(response)
    assert not FaultCase.objects.exists()


def test_it_rejects_a_report_without_what_fails(client, world, tuesday):
    client.force_login(world.anna)
    response = client.post("/cases/report/", {"client": world.karin.pk, "token": TOKEN})
    assert response.status_code == 400
    assert "Välj vad som inte fungerar." in text(response)
    assert not FaultCase.objects.exists()


def test_it_rejects_a_report_without_a_client(client, world, tuesday):
    client.force_login(world.anna)
    response = client.post("/cases/report/", {"kind": "app", "token": TOKEN})
    assert response.status_code == 400
    assert "Välj brukare." in text(response)
    assert not FaultCase.objects.exists()


def test_an_outsider_cannot_report_for_karin(client, world, tuesday):
    client.force_login(world.otto)
    assert client.get("/cases/report/", {"client": world.karin.pk}).status_code == 404
    assert report(client, world, who=world.otto).status_code == 400
    assert not FaultCase.objects.exists()


# What now (R1, R2, R4, R10)


def opened(world, now=TUESDAY_10, **kwargs):
    return case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=now,
        **kwargs,
    ).case


def what_now(client, user, case) -> str:
    client.force_login(user)
    response = client.get(f"/cases/{case.pk}/reported/")
    assert response.status_code == 200
    return text(response)


def test_by_day_it_shows_the_unit_key_on_its_hook_in_the_cabinet_r1(client, world, tuesday):
    page = what_now(client, world.anna, opened(world))
    assert "Koordinatorn har fått meddelande (kl. 10:00)" in page
    assert "Enhetsnyckel" in page and "K-1 · krok 14" in page and "Nyckelskåpet Tumba" in page
    assert "Orrens servicehus" not in page
    assert "Helg: meddela nattpatrullen nu" not in page


def test_by_night_it_shows_the_night_key_at_the_service_house_r2(client, world):
    case = opened(world, now=TUESDAY_23)
    with time_machine.travel(TUESDAY_23, tick=False):
        page = what_now(client, world.anna, case)
    assert "Natt-/larmnyckel" in page and "N-1 · krok N14" in page and "Orrens servicehus" in page
    assert "Nyckelskåpet Tumba" not in page


def test_it_says_whom_to_call_when_no_key_is_registered(client, world, tuesday):
    Key.objects.filter(client=world.karin).delete()
    page = what_now(client, world.anna, opened(world))
    assert "Ingen enhetsnyckel registrerad — ring koordinatorn" in page


def test_an_expired_decision_is_said_first_and_the_key_still_shown_r4(client, world, tuesday):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 20))
    page = what_now(client, world.anna, opened(world))
    revoked = (
        "Biståndsbeslutet gick ut 2026-11-20 — låset öppnar inte; "
        "koordinatorn kontaktar biståndshandläggaren"
    )
    assert revoked in page
    assert page.index(revoked) < page.index("K-1")


def test_viewing_what_now_logs_a_read_of_the_client(client, world, tuesday):
    what_now(client, world.anna, opened(world))
    assert AuditEntry.objects.filter(
        action="client.read", actor_id=world.anna.pk, object_id=str(world.karin.pk)
    ).exists()


def test_an_outsider_gets_404_on_the_what_now_page(client, world, tuesday):
    case = opened(world)
    client.force_login(world.otto)
    assert client.get(f"/cases/{case.pk}/reported/").status_code == 404


# Weekend: one tap tells the night patrol (R10)


def test_on_a_weekend_one_tap_tells_the_night_patrol_r10(client, world):
    case = opened(world, now=SATURDAY_10)
    with time_machine.travel(SATURDAY_10, tick=False):
        page = what_now(client, world.anna, case)
        assert "Helg: meddela nattpatrullen nu" in page
        assert "Larmgruppen har fått det." in page
        assert page.count("Skicka till nattpatrullen") == 1
        url = f"/cases/{case.pk}/night-patrol/"
        data = {"token": TOKEN, "next": f"/cases/{case.pk}/reported/"}
        response = client.post(url, data)
        assert response["Location"] == f"/cases/{case.pk}/reported/"
        client.post(url, data)  # a double tap
        client.post(url, {**data, "token": "c" * 32})  # a retry from a stale page
        page = what_now(client, world.anna, case)
    message = NightPatrolMessage.objects.get()
    assert list(message.cases.all()) == [case] and message.sent_by == world.anna
    assert "Karin Lund" in message.text and "N-1" in message.text
    assert case.steps.get(code="message_night_patrol").done_by == world.anna
    assert "Nattpatrullen har fått meddelandet (kl. 10:00)" in page


def test_on_a_weekday_the_care_worker_leaves_the_night_patrol_to_the_coordinator(
    client, world, tuesday
):
    case = opened(world)
    client.force_login(world.anna)
    response = client.post(f"/cases/{case.pk}/night-patrol/", {"token": TOKEN})
    assert response.status_code == 403
    assert "Du får inte göra det i det här ärendet." in text(response)
    assert not NightPatrolMessage.objects.exists()
