"""The alarm group's queue (R8, R10): acknowledge, troubleshoot, mark fixed."""

import re
from datetime import UTC, datetime, timedelta

import time_machine

from tests.cases.crowd import copies
from tests.conftest import make_client
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import FaultCase, TimelineEntry
from vredvakt.cases.services.lifecycle import case_inform_alarm_group
from vredvakt.cases.services.opening import case_open

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
TUESDAY_11 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
MONDAY_9 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
SATURDAY_10 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
TOKEN = "0123456789abcdef0123456789abcdef"


def opened(world, client=None, now=TUESDAY_10, inform=True):
    case = case_open(
        client=client or world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=now,
    ).case
    if inform and case.mode == "weekday":
        case_inform_alarm_group(case=case, by=world.kim, now=now)  # R8
    return case


def queue(client, user, when=TUESDAY_11, path="/cases/alarm/", **headers):
    with time_machine.travel(when, tick=False):
        client.force_login(user)  # sessions are short: sign in at that moment
        return client.get(path, headers=headers)


def post(client, user, case, action, data=None, when=TUESDAY_11):
    with time_machine.travel(when, tick=False):
        client.force_login(user)  # sessions are short: sign in at that moment
        return client.post(f"/cases/{case.pk}/{action}/", {"token": TOKEN, **(data or {})})


def section(page: str, heading: str) -> str:
    start = page.index(heading)
    end = page.find("<h2", start)
    return page[start : end if end != -1 else None]


def test_the_queue_groups_new_weekend_and_acknowledged_cases(client, world):
    new = opened(world)
    weekend = opened(world, make_client("C-3", "Olle", "Pil", world.tumba), now=SATURDAY_10)
    done = opened(world, make_client("C-4", "Sven", "Ek", world.tumba))
    post(client, world.lars, done, "acknowledge")
    page = queue(client, world.lars, SATURDAY_10).content.decode()
    assert "Larmgruppens kö" in page
    assert "Lundgatan 4" in section(page, "Nya (1)") and "PH-1" in section(page, "Nya (1)")
    weekend_part = section(page, "Nästa vardag (1)")
    assert "Pilgatan 4" in weekend_part
    assert "Ska göras nästa vardag, mån 30 nov kl. 08:00" in weekend_part  # R10
    assert "Ekgatan 4" in section(page, "Kvitterade (1)")
    assert new.pk and weekend.pk


def test_a_case_the_coordinator_has_not_handed_over_is_not_in_the_queue(client, world):
    opened(world, inform=False)
    page = queue(client, world.lars).content.decode()
    assert "Lundgatan" not in page and "Nya (0)" in page


def test_only_the_alarm_group_has_the_queue(client, world):
    for user in (world.kim, world.anna, world.otto):
        assert queue(client, user).status_code == 403


def test_the_alarm_group_acknowledges_once_r8(client, world):
    case = opened(world)
    response = post(client, world.lars, case, "acknowledge", {"next": "/cases/alarm/"})
    assert response["Location"] == "/cases/alarm/"
    case.refresh_from_db()
    assert (case.alarm_acknowledged_by, case.alarm_acknowledged_at) == (world.lars, TUESDAY_11)
    assert case.steps.get(code="alarm_group_act").done_by == world.lars
    entries = case.timeline.count()
    again = post(client, world.lars, case, "acknowledge", {"token": "b" * 32})
    assert again.status_code == 409
    assert "Larmgruppen har redan tagit det här ärendet." in again.content.decode()
    assert case.timeline.count() == entries


def test_a_coordinator_cannot_acknowledge_for_the_alarm_group(client, world):
    case = opened(world)
    assert post(client, world.kim, case, "acknowledge").status_code == 403
    case.refresh_from_db()
    assert case.alarm_acknowledged_at is None


def test_a_troubleshooting_note_keeps_the_vendor_ticket(client, world):
    case = opened(world)
    data = {"text": "Bytt batteri, synkat om", "vendor_ticket": "PH-4711"}
    post(client, world.lars, case, "note", data)
    post(client, world.lars, case, "note", data)  # a double tap: the same token
    entry = TimelineEntry.objects.get(kind="troubleshooting")
    assert (entry.actor, entry.text) == (world.lars, "Bytt batteri, synkat om")
    assert FaultCase.objects.get().vendor_ticket == "PH-4711"
    page = queue(client, world.lars).content.decode()
    assert "ärendenummer hos leverantören PH-4711" in page


def test_it_rejects_an_empty_note_and_stores_nothing(client, world):
    case = opened(world)
    response = post(client, world.lars, case, "note", {"text": "  "})
    assert response.status_code == 400
    assert "Skriv en anteckning." in response.content.decode()
    assert not TimelineEntry.objects.filter(kind__in=["troubleshooting", "note"]).exists()


def test_marked_fixed_waits_for_the_coordinator_to_confirm_r7(client, world):
    case = opened(world)
    post(client, world.lars, case, "acknowledge")
    post(client, world.lars, case, "fixed", {"token": "f" * 32, "note": "Nytt batteri"})
    case.refresh_from_db()
    assert case.status == "open" and case.restore_proposed_at == TUESDAY_11
    assert case.timeline.get(kind="fixed").text == "Nytt batteri"
    page = queue(client, world.lars).content.decode()
    assert "Åtgärdat: väntar på att koordinatorn bekräftar" in page
    client.force_login(world.kim)
    with time_machine.travel(TUESDAY_11, tick=False):
        desk = client.get("/cases/").content.decode()
    assert "Larmgrupp: åtgärdat kl. 11:00" in desk and "Bekräfta: fungerar igen" in desk


def test_the_queue_refreshes_itself_as_a_partial(client, world):
    opened(world)
    page = queue(client, world.lars, HX_REQUEST="true").content.decode()
    assert page.lstrip().startswith('<div id="alarm-queue"')
    assert "<html" not in page


def test_the_home_panel_counts_new_and_weekend_cases(client, world):
    opened(world)
    opened(world, make_client("C-3", "Olle", "Pil", world.tumba), now=SATURDAY_10)
    with time_machine.travel(SATURDAY_10, tick=False):
        client.force_login(world.lars)
        page = client.get("/").content.decode()
    counts = re.findall(r'<span class="status status--\w+">([^<]+)</span>', page)
    assert "Nya: 1" in counts and "Nästa vardag: 1" in counts
    assert 'href="/cases/alarm/"' in page


# Hundreds of cases: each group complete, a page at a time


def busy_week(client, world):
    """500 cases the alarm group took on Monday (Karin's first), and Olle's new one on Tuesday."""
    karin = opened(world, now=MONDAY_9)
    post(client, world.lars, karin, "acknowledge", when=MONDAY_9)
    copies(karin, 499, first=MONDAY_9 + timedelta(minutes=1), apart=timedelta(seconds=10))
    opened(world, make_client("C-3", "Olle", "Pil", world.tumba))  # R8: theirs at once


def reads(user) -> int:
    return AuditEntry.objects.filter(actor=user, action="client.read").count()


def test_a_new_case_is_not_hidden_behind_hundreds_acknowledged_r8(client, world):
    busy_week(client, world)
    page = queue(client, world.lars).content.decode()
    assert "Pilgatan 4" in section(page, "Nya (1)")
    acknowledged = section(page, "Kvitterade (500)")
    assert "Visar 100 av 500 ärenden – 400 till" in acknowledged
    assert acknowledged.index("Lundgatan 4") < acknowledged.index("Nr000gatan 4")
    assert "Nr098gatan 4" in acknowledged and "Nr099gatan 4" not in acknowledged
    assert 'href="/cases/alarm/?acknowledged=2">Nästa</a>' in acknowledged
    assert reads(world.lars) == 101  # only the clients shown are read


def test_the_last_page_of_a_group_shows_the_rest_and_its_refresh_stays_there(client, world):
    busy_week(client, world)
    path = "/cases/alarm/?acknowledged=5"
    page = queue(client, world.lars, path=path).content.decode()
    acknowledged = section(page, "Kvitterade (500)")
    assert "Visar ärende 401–500 av 500" in acknowledged and "till" not in acknowledged
    assert "Nr498gatan 4" in acknowledged and "Lundgatan 4" not in acknowledged
    assert 'href="/cases/alarm/?acknowledged=4">Föregående</a>' in acknowledged
    assert "Pilgatan 4" in section(page, "Nya (1)")  # the other groups keep their first page
    assert f'name="next" value="{path}"' in acknowledged
    refresh = queue(client, world.lars, path=path, HX_REQUEST="true").content.decode()
    assert refresh.lstrip().startswith(f'<div id="alarm-queue" hx-get="{path}"')
    assert "Nr498gatan 4" in refresh and "Lundgatan 4" not in refresh


def test_the_new_case_overdue_longest_comes_first_r8_r10(client, world):
    sunday = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)  # 10:00: theirs Monday 08:00 (R10)
    # Friday 10:00: theirs at once (R8). #12: a Monday 07:00 case is theirs at 08:00 too.
    friday_10 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    weekend = opened(world, now=sunday)
    weekday = opened(world, make_client("C-3", "Olle", "Pil", world.tumba), now=friday_10)
    monday_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    page = queue(client, world.lars, when=monday_9).content.decode()
    new = section(page, "Nya (2)")
    assert new.index("Pilgatan 4") < new.index("Lundgatan 4")
    assert weekend.mode == "weekend" and weekday.mode == "weekday"
