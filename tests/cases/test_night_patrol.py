"""The message to the night patrol (R9, R10): who, where, which key (R2), and a record."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client as HttpClient
from django.utils.translation import gettext as _

from tests.conftest import make_user
from vredvakt.accounts.models import Role
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.errors import CaseError
from vredvakt.cases.models import FaultCase, NightPatrolMessage, TimelineEntry
from vredvakt.cases.services.lifecycle import case_restore
from vredvakt.cases.services.night_patrol import (
    cases_for_night_patrol,
    night_patrol_draft,
    night_patrol_message_send,
    patrol_lines,
)
from vredvakt.cases.services.opening import case_open
from vredvakt.jobs.models import JobState, ScheduledJob
from vredvakt.notifications.models import Message

TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
LATER = TUESDAY_10 + timedelta(hours=5)


def open_case(world, client=None, kind: str = "lock", now: datetime = TUESDAY_10) -> FaultCase:
    return case_open(
        client=client or world.karin,
        kind=kind,
        source="care_worker",
        reported_by=world.anna,
        now=now,
    ).case


def send(world, cases: list[FaultCase], text: str = "", by=None) -> NightPatrolMessage:
    return night_patrol_message_send(
        unit=world.tumba,
        case_ids=[c.pk for c in cases],
        text=text,
        by=by or world.kim,
        now=LATER,
    )


def counts() -> tuple[int, int, int, int]:
    return (
        NightPatrolMessage.objects.count(),
        Message.objects.count(),
        TimelineEntry.objects.count(),
        ScheduledJob.objects.filter(state=JobState.PENDING).count(),
    )


def test_r9_the_message_lists_client_address_night_key_and_place(world):
    case = open_case(world)  # by day: the case itself says unit key (R1)

    message = send(world, [case])

    assert case.key_kind == "unit_key"
    # R2: the night patrol uses the night/alarm key at the service house.
    [line] = patrol_lines([case])
    assert (line.key, line.key_place) == (
        "N-1",
        _("%(place)s, hook %(hook)s")
        % {
            "place": "Orrens servicehus",
            "hook": "N14",
        },
    )
    for words in ("Karin Lund", "Lundgatan 4, 147 30 Tumba", "N-1", "Orrens servicehus", "N14"):
        assert words in message.text
    [patrol] = Message.objects.filter(recipient=world.nils, kind="night_patrol_message")
    for words in ("Karin Lund", "Lundgatan 4", "N-1", "Orrens servicehus"):
        assert words in patrol.body
    # Nothing personal where a lock screen shows it (UX.md).
    assert "Karin" not in patrol.title and "Lundgatan" not in patrol.title


def test_r9_sending_records_when_and_by_whom_on_every_case(world):
    lock = open_case(world)
    app = open_case(world, kind="app")

    message = send(world, [lock, app], text="Två ärenden hos Karin")

    assert message.text == "Två ärenden hos Karin"  # the coordinator's own words are kept
    assert (message.sent_by, message.sent_at, message.unit) == (world.kim, LATER, world.tumba)
    assert set(message.cases.all()) == {lock, app}
    for case in (lock, app):
        step = case.steps.get(code="message_night_patrol")
        assert (step.done_by, step.done_at) == (world.kim, LATER)
        told = case.timeline.get(kind="night_patrol_messaged")
        assert told.data == {"message": message.pk}
    assert AuditEntry.objects.filter(action="night_patrol.message", via="web").count() == 1
    assert not ScheduledJob.objects.filter(
        key__contains="message_night_patrol", state=JobState.PENDING
    ).exists()


def test_the_draft_names_a_client_without_a_night_key(world):
    case = open_case(world, client=world.bengt)

    [line] = patrol_lines([case])

    assert (line.key, line.key_place) == (_("no night key registered"), "")
    assert "Bengt Sjö" in night_patrol_draft([line])


def test_the_draft_lists_only_open_cases_of_the_unit_the_patrol_has_not_heard_of(world):
    told = open_case(world)
    send(world, [told])
    restored = open_case(world, kind="app")
    case_restore(case=restored, by=world.kim, now=LATER)
    pending = open_case(world, kind="other")
    open_case(world, client=world.bengt)

    assert list(cases_for_night_patrol(world.tumba)) == [pending]


def test_it_rejects_a_second_message_about_the_same_case_and_changes_nothing(world):
    case = open_case(world)
    send(world, [case])
    before = counts()

    with pytest.raises(CaseError) as refused:
        send(world, [case])

    assert refused.value.status == 409
    assert counts() == before


def test_it_rejects_a_case_of_another_unit_and_sends_nothing(world):
    karin = open_case(world)
    bengt = open_case(world, client=world.bengt)
    before = counts()

    with pytest.raises(CaseError):
        send(world, [karin, bengt])

    assert counts() == before
    assert karin.steps.get(code="message_night_patrol").done_at is None


def test_it_rejects_an_empty_selection(world):
    open_case(world)
    before = counts()

    with pytest.raises(CaseError):
        send(world, [])

    assert counts() == before


def test_r10_on_a_day_off_the_reporter_sends_it_and_the_step_is_hers(world):
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    case = open_case(world, now=saturday)
    colleague = make_user("aina", (world.tumba, Role.CARE_WORKER))

    night_patrol_message_send(
        unit=world.tumba, case_ids=[case.pk], text="", by=colleague, now=saturday
    )

    step = case.steps.get(code="message_night_patrol")
    assert (step.role, step.rule, step.done_by) == ("care_worker", "R10", colleague)


# One rule for the draft, in the API and on the page (R9, R10): the same answer for each role.

LAST_SATURDAY = datetime(2026, 11, 21, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
# (persona, answer with only weekday cases, answer with a weekend case too)
WHO_MAY_WRITE_FOR_TUMBA = [
    ("anna", 403, 200),  # care worker: R10, the weekend's cases only
    ("kim", 200, 200),  # coordinator: R9
    ("ulla", 200, 200),  # unit manager coordinates like the coordinator
    ("lars", 403, 403),  # alarm group: sees every unit's cases, does not write for them
    ("nils", 403, 403),  # night patrol: is told, does not tell itself
    ("adam", 200, 200),  # administrator
    ("otto", 404, 404),  # Alby's staff: Tumba is not theirs to see
]


def _draft_answers(world, persona: str) -> tuple[tuple[int, set[int]], tuple[int, set[int]]]:
    """(status, cases listed) from the API's draft and from the page's draft."""
    http = HttpClient()
    with time_machine.travel(LATER, tick=False):
        http.force_login(getattr(world, persona))
        api = http.get("/api/v1/cases/night-patrol/draft", {"unit": world.tumba.pk})
        page = http.get(f"/cases/night-patrol/{world.tumba.pk}/")
    api_cases = {c["id"] for c in api.json()["cases"]} if api.status_code == 200 else set()
    ticked = re.findall(r'name="cases" value="(\d+)"', page.content.decode())
    page_cases = {int(pk) for pk in ticked} if page.status_code == 200 else set()
    return (api.status_code, api_cases), (page.status_code, page_cases)


@pytest.mark.parametrize(("persona", "weekday", "weekend"), WHO_MAY_WRITE_FOR_TUMBA)
def test_the_api_and_the_page_answer_alike_who_writes_to_the_night_patrol(
    world, persona, weekday, weekend
):
    tuesday = open_case(world)

    api, page = _draft_answers(world, persona)

    assert api == page
    assert api[0] == weekday
    saturday = open_case(world, kind="app", now=LAST_SATURDAY)  # still untold on Tuesday

    api, page = _draft_answers(world, persona)

    assert api == page
    assert api[0] == weekend
    if weekend == 200:
        # R9: the coordinator tells of every case; R10: the staff of the weekend's.
        expected = {saturday.pk} if persona == "anna" else {tuesday.pk, saturday.pk}
        assert api[1] == expected
