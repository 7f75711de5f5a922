"""The coordinator's desk (R4, R7, R8, R9) and the message to the night patrol."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from tests.cases.crowd import copies
from tests.conftest import make_client
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import CaseStatus, FaultCase, NightPatrolMessage
from vredvakt.cases.services.lifecycle import case_inform_alarm_group, cases_propose_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.clients.models import CareDecision

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
TOKEN = "0123456789abcdef0123456789abcdef"


def at(hour: int, minute: int = 0) -> datetime:
    """Tuesday 24 November 2026, Stockholm wall-clock time (UTC+1)."""
    return datetime(2026, 11, 24, hour - 1, minute, tzinfo=UTC)


def opened(world, client=None, now=TUESDAY_10):
    return case_open(
        client=client or world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=now,
    ).case


def desk(client, user, when=TUESDAY_10, path="/cases/", **headers) -> str:
    with time_machine.travel(when, tick=False):
        client.force_login(user)  # sessions are short: sign in at that moment
        response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def statuses(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<span class="status status--(\w+)">([^<]+)</span>', page)


# Who sees the desk


def test_the_coordinator_sees_the_units_open_cases(client, world):
    opened(world)
    page = desk(client, world.kim)
    assert "Öppna ärenden – Enhet Tumba" in page
    assert "Karin Lund" in page and "Lundgatan 4, Tumba" in page and "Låset" in page


def test_an_outsider_coordinator_sees_nothing_of_tumba(client, world):
    opened(world)
    page = desk(client, world.otto)
    assert "Karin" not in page and "Tumba" not in page
    assert "Inga öppna ärenden." in page


def test_a_care_worker_and_the_alarm_group_have_no_desk(client, world):
    for user in (world.anna, world.lars):
        client.force_login(user)
        assert client.get("/cases/").status_code == 403


def test_the_operations_manager_sees_every_units_cases(client, world):
    opened(world)
    assert "Karin Lund" in desk(client, world.olof)


# Most urgent first, with countdowns as text plus colour (R9)


def test_cases_come_most_urgent_first(client, world):
    first = opened(world)
    other = make_client("C-3", "Olle", "Pil", world.tumba)
    second = opened(world, other, now=at(11))
    page = desk(client, world.kim, at(11, 5))
    assert page.index("Karin Lund") < page.index("Olle Pil")  # alarm group due 10:00, then 11:00
    case_inform_alarm_group(case=first, by=world.kim, now=at(11, 10))
    page = desk(client, world.kim, at(11, 15))
    assert page.index("Olle Pil") < page.index("Karin Lund")  # Karin now waits for 17:00
    assert second.pk


def test_the_night_patrol_countdown_turns_amber_at_16_and_red_after_17(client, world):
    case = opened(world)
    case_inform_alarm_group(case=case, by=world.kim, now=TUESDAY_10)
    assert ("neutral", "Nattpatrullen: om 3 h 18 min") in statuses(
        desk(client, world.kim, at(13, 42))
    )
    assert ("neutral", "Nattpatrullen: om 1 h 1 min") in statuses(
        desk(client, world.kim, at(15, 59))
    )
    assert ("warn", "Nattpatrullen: om 1 h") in statuses(desk(client, world.kim, at(16)))
    assert ("warn", "Nattpatrullen: om 18 min") in statuses(desk(client, world.kim, at(16, 42)))
    assert ("bad", "Nattpatrullen: Missad 17:00") in statuses(desk(client, world.kim, at(17, 1)))


def test_a_step_due_at_once_shows_now_then_missed(client, world):
    opened(world)
    assert ("warn", "Informera larmgruppen: nu (sedan kl. 10:00)") in statuses(
        desk(client, world.kim, at(10, 5))
    )
    assert ("bad", "Informera larmgruppen: Missad 10:00") in statuses(
        desk(client, world.kim, at(10, 31))
    )


def test_the_desk_shows_the_decision_flags_r4(client, world):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 20))
    opened(world)
    assert ("bad", "Biståndsbeslutet har gått ut → kontakta biståndshandläggaren") in statuses(
        desk(client, world.kim)
    )


def test_the_desk_warns_of_a_decision_about_to_expire_r4(client, world):
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 28))
    opened(world)
    assert ("warn", "Biståndsbeslutet går ut 2026-11-28") in statuses(desk(client, world.kim))


def test_the_list_refreshes_itself_as_a_partial(client, world):
    opened(world)
    page = desk(client, world.kim, HX_REQUEST="true")
    assert page.lstrip().startswith('<div id="desk-cases" hx-get="/cases/" hx-trigger="every 30s"')
    assert "<html" not in page and "Karin Lund" in page


# Hundreds of cases: none falls off the desk, the rest are a page away


def busy_day(world):
    """Karin's case from 07:00 (the alarm group was to hear at once, R8) and 300 newer ones."""
    karin = opened(world, now=at(7))
    copies(karin, 300, first=at(8), apart=timedelta(seconds=10))


def reads(user) -> int:
    return AuditEntry.objects.filter(actor=user, action="client.read").count()


def test_the_most_overdue_of_hundreds_of_cases_comes_first(client, world):
    busy_day(world)
    page = desk(client, world.kim, at(10))
    first = page.split('<li class="case-card">')[1]
    assert "Karin Lund" in first and "Informera larmgruppen: Missad 07:00" in first
    assert page.index("Karin Lund") < page.index("Klient Nr000") < page.index("Klient Nr298")
    assert "Visar 300 av 301 ärenden – 1 till" in page
    assert "Klient Nr299" not in page and 'href="?page=2">Nästa</a>' in page
    assert reads(world.kim) == 300  # only the clients shown are read


def test_the_next_page_shows_the_rest_and_its_refresh_stays_there(client, world):
    busy_day(world)
    page = desk(client, world.kim, at(10), path="/cases/?page=2")
    assert "Klient Nr299" in page and "Karin Lund" not in page and "Klient Nr298" not in page
    assert "Visar ärende 301 av 301" in page and "Sida 2 av 2" in page
    assert '<input type="hidden" name="next" value="/cases/?page=2">' in page
    refresh = desk(client, world.kim, at(10, 1), path="/cases/?page=2", HX_REQUEST="true")
    assert refresh.lstrip().startswith('<div id="desk-cases" hx-get="/cases/?page=2"')
    assert "Klient Nr299" in refresh and "Karin Lund" not in refresh
    assert reads(world.kim) == 2


def test_a_page_past_the_end_shows_the_last_page(client, world):
    opened(world)
    page = desk(client, world.kim, path="/cases/?page=9")
    assert "Karin Lund" in page and "Visar" not in page and "Nästa" not in page


# Actions from the desk (R7, R8)


def test_the_coordinator_informs_the_alarm_group_from_the_desk_r8(client, world):
    case = opened(world)
    client.force_login(world.kim)
    with time_machine.travel(at(10, 5), tick=False):
        response = client.post(
            f"/cases/{case.pk}/inform-alarm-group/", {"token": TOKEN, "next": "/cases/"}
        )
    assert response["Location"] == "/cases/"
    assert case.steps.get(code="inform_alarm_group").done_by == world.kim
    assert case.timeline.filter(kind="alarm_group_informed", actor=world.kim).exists()
    assert ("warn", "Larmgrupp: informerad kl. 10:05") in statuses(
        desk(client, world.kim, at(10, 6))
    )


def test_a_proposed_restore_is_confirmed_by_a_person_r7(client, world):
    case = opened(world)
    cases_propose_restore(reasons={case.pk: "heartbeat"}, now=at(11, 20))
    page = desk(client, world.kim, at(11, 30))
    assert "Förslag: fungerar igen (kl. 11:20)" in page and "Bekräfta: fungerar igen" in page
    with time_machine.travel(at(11, 31), tick=False):
        client.post(f"/cases/{case.pk}/restore/", {"token": TOKEN, "next": "/cases/"})
    case.refresh_from_db()
    assert (case.status, case.restored_by, case.restored_at) == (
        CaseStatus.RESTORED,
        world.kim,
        at(11, 31),
    )


def test_a_restored_case_stays_on_the_desk_until_closed(client, world):
    case = opened(world)
    with time_machine.travel(at(11), tick=False):
        client.force_login(world.kim)
        client.post(f"/cases/{case.pk}/restore/", {"token": "a" * 32})
    page = desk(client, world.kim, at(11, 5))
    assert ("ok", "Fungerar igen") in statuses(page) and "Stäng ärendet" in page
    with time_machine.travel(at(11, 10), tick=False):
        client.post(f"/cases/{case.pk}/close/", {"token": "b" * 32, "next": "/cases/"})
    assert FaultCase.objects.get().status == CaseStatus.CLOSED
    assert "Karin Lund" not in desk(client, world.kim)


def test_a_care_worker_cannot_restore_and_nothing_changes(client, world):
    case = opened(world)
    client.force_login(world.anna)
    response = client.post(f"/cases/{case.pk}/restore/", {"token": TOKEN})
    assert response.status_code == 403
    assert "Du får inte göra det i det här ärendet." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and not case.timeline.filter(kind="restored").exists()


# The message to the night patrol (R9)


def compose(client, user, unit, when=None):
    with time_machine.travel(when or at(15, 20), tick=False):
        client.force_login(user)  # sessions are short: sign in at that moment
        return client.get(f"/cases/night-patrol/{unit.pk}/")


def send(client, unit, data, when=None):
    with time_machine.travel(when or at(15, 20), tick=False):
        return client.post(f"/cases/night-patrol/{unit.pk}/", data)


def test_the_desk_offers_the_night_patrol_message_with_its_count(client, world):
    opened(world)
    page = desk(client, world.kim, at(16, 30))
    assert "Skriv meddelande till nattpatrullen (1 ärende)" in page
    assert ("warn", "Senast kl. 17:00 – om 30 min") in statuses(page)


def test_the_draft_lists_client_address_key_and_place(client, world):
    case = opened(world)
    page = compose(client, world.kim, world.tumba).content.decode()
    assert f'name="cases" value="{case.pk}" checked' in page
    assert "Lundgatan 4, 147 30 Tumba" in page
    assert "- Karin Lund, Lundgatan 4, 147 30 Tumba: N-1 (Orrens servicehus, krok N14)" in page


def test_the_coordinator_sends_the_message_once_and_the_desk_shows_when(client, world):
    case = opened(world)
    draft = "- Karin Lund, Lundgatan 4, 147 30 Tumba: N-1 (Orrens servicehus, krok N14)"
    compose(client, world.kim, world.tumba)
    data = {"cases": [case.pk], "text": draft, "draft": draft, "token": TOKEN}
    assert send(client, world.tumba, data)["Location"] == "/cases/"
    assert send(client, world.tumba, data)["Location"] == "/cases/"  # a double tap
    message = NightPatrolMessage.objects.get()
    assert (message.sent_by, message.sent_at, message.text) == (world.kim, at(15, 20), draft)
    page = desk(client, world.kim, at(15, 25))
    assert ("ok", "Nattpatrullen: meddelad kl. 15:20") in statuses(page)
    assert "Senaste meddelandet skickades kl. 15:20" in page
    assert "Nattpatrullen vet om alla öppna ärenden." in page


def test_an_unchanged_draft_lists_only_the_cases_ticked(client, world):
    karin = opened(world)
    olle = opened(world, make_client("C-3", "Olle", "Pil", world.tumba))
    client.force_login(world.kim)
    draft = "- Karin …\n- Olle …"
    send(client, world.tumba, {"cases": [olle.pk], "text": draft, "draft": draft, "token": TOKEN})
    message = NightPatrolMessage.objects.get()
    assert list(message.cases.all()) == [olle]
    assert "Olle Pil" in message.text and "Karin" not in message.text
    assert not karin.steps.get(code="message_night_patrol").is_done


def test_an_edited_text_is_sent_as_written(client, world):
    case = opened(world)
    client.force_login(world.kim)
    data = {"cases": [case.pk], "text": "Karin: nyckel N-1.", "draft": "x", "token": TOKEN}
    send(client, world.tumba, data)
    assert NightPatrolMessage.objects.get().text == "Karin: nyckel N-1."


def test_it_rejects_a_message_without_cases_and_sends_nothing(client, world):
    opened(world)
    client.force_login(world.kim)
    response = send(client, world.tumba, {"text": "hej", "token": TOKEN})
    assert response.status_code == 400
    assert "Välj minst ett ärende." in response.content.decode()
    assert not NightPatrolMessage.objects.exists()


def test_only_the_units_coordinator_writes_to_the_night_patrol(client, world):
    case = opened(world)
    assert compose(client, world.anna, world.tumba).status_code == 403
    assert compose(client, world.otto, world.tumba).status_code == 404
    client.force_login(world.otto)
    assert send(client, world.tumba, {"cases": [case.pk], "token": TOKEN}).status_code == 404
    assert not NightPatrolMessage.objects.exists()


# The coordinator's home panel


def test_the_home_panel_counts_open_cases_and_links_to_the_desk(client, world):
    opened(world)
    client.force_login(world.kim)
    with time_machine.travel(at(17, 1), tick=False):
        page = client.get("/").content.decode()
    assert "1 öppet ärende." in page and 'href="/cases/"' in page
    assert "Skriv meddelande till nattpatrullen (1 ärende)" in page
    assert ("bad", "Missad 17:00") in statuses(page)


@pytest.mark.parametrize("user", ["kim", "ulla"])
def test_coordinators_get_the_desk_in_the_menu(client, world, user):
    client.force_login(getattr(world, user))
    page = client.get("/").content.decode()
    assert '<a href="/cases/">Öppna ärenden</a>' in page


def test_missed_deadlines_on_other_days_show_the_date(client, world):
    case = opened(world)
    case_inform_alarm_group(case=case, by=world.kim, now=TUESDAY_10)
    page = desk(client, world.kim, TUESDAY_10 + timedelta(days=1))
    assert ("bad", "Nattpatrullen: Missad 24 nov 17:00") in statuses(page)


def test_an_expired_decision_puts_the_assessor_first_on_the_desk_r4(client, world):
    # #13: the alarm group's hand-over waits; no "Informera larmgruppen" button nor deadline.
    CareDecision.objects.filter(client=world.karin).update(valid_until=date(2026, 11, 20))
    opened(world)
    page = desk(client, world.kim, at(10, 31))
    texts = [text for _level, text in statuses(page)]
    assert "Biståndshandläggaren: Missad 10:00" in texts
    assert "Larmgrupp: väntar på biståndsbeslutet" in texts
    assert not [text for text in texts if text.startswith("Informera larmgruppen")]
    assert "inform-alarm-group" not in page


@pytest.mark.parametrize("seen", [at(20, 30), at(7, 30) + timedelta(days=1)])
def test_an_evening_telemetry_case_is_not_a_missed_night_patrol_message_for_the_desk(
    client, world, seen
):
    # #12/#13: out of hours the night patrol hears from those on site and finds the case
    # on tonight's list (R10b); it is no "Missad 20:00" for the coordinator's 17:00 task.
    case = case_open(
        client=world.karin, kind="lock", source="telemetry", reported_by=None, now=at(20)
    )
    assert case.case.mode == "out_of_hours"
    page = desk(client, world.kim, seen)
    texts = [text for _level, text in statuses(page)]
    assert not [text for text in texts if "Missad" in text], texts
    client.force_login(world.kim)
    with time_machine.travel(seen, tick=False):
        home = client.get("/").content.decode()
    assert not [text for _level, text in statuses(home) if "Missad" in text]
    # The night patrol's panel has no 17:00 deadline to show, and shows none.
    assert ">None<" not in home and 'class="status status--"' not in home
