"""Texts that tell the truth (#12): what people read, in Swedish, as they see it.

Reminders name the task and its day, a case found by telemetry (R17) is not
"reported by a care worker", the reporter is told what Vredvakt knows about the
coordinator (R3), the R4 check is Vredvakt's, rule ids stay off the screens,
and every case has a deviation owner (R14).
"""

import re
from datetime import UTC, datetime, timedelta

import time_machine

from tests.cases.test_reminders import run_due
from vredvakt.cases.models import CaseStep, FaultCase
from vredvakt.cases.services.lifecycle import case_close, case_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.notifications.models import Message

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
TUESDAY_1005 = TUESDAY_10 + timedelta(minutes=5)
TUESDAY_16 = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
TUESDAY_1701 = datetime(2026, 11, 24, 16, 1, tzinfo=UTC)
RULE_ID = re.compile(r"\bR\d{1,2}b?\b")


def reported(world, now: datetime = TUESDAY_10) -> FaultCase:
    return case_open(
        client=world.karin, kind="lock", source="care_worker", reported_by=world.anna, now=now
    ).case


def found_by_telemetry(world, now: datetime = TUESDAY_10) -> FaultCase:
    return case_open(
        client=world.karin,
        kind="lock",
        source="telemetry",
        reported_by=None,
        lock=world.karin_lock,
        now=now,
        via="telemetry",
    ).case


def body(kind: str, user) -> str:
    [message] = Message.objects.filter(kind=kind, recipient=user)
    return message.body


def page(client, user, path: str, when: datetime = TUESDAY_1005) -> str:
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def visible(html: str) -> str:
    """The words on the screen: no tags, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Reminders and escalations read as Swedish sentences


def test_the_r9_reminder_names_the_task_and_its_day(world):
    reported(world)

    run_due(TUESDAY_16)

    text = body("deadline_reminder", world.kim)
    expected = "Uppgiften ”Meddela nattpatrullen” ska vara klar senast tisdag 24 november kl. 17:00"
    assert expected in text
    assert "ska vara gjort" not in text


def test_the_r9_escalation_at_1701_says_the_task_is_late(world):
    reported(world)

    run_due(TUESDAY_1701)

    [missed] = Message.objects.filter(
        kind="deadline_missed", recipient=world.ulla, body__contains="nattpatrullen"
    )
    assert missed.title == "Försenad: ”Meddela nattpatrullen” (senast kl. 17:00)"
    expected = "Uppgiften ”Meddela nattpatrullen” skulle ha varit klar senast tisdag 24 november"
    assert expected in missed.body
    assert "kl. 17:00 (Enhet Tumba) men är inte gjord än." in missed.body


# R17: a case found by telemetry


def test_the_coordinator_hears_that_the_locks_signals_found_the_fault(world):
    found_by_telemetry(world)

    text = body("case_opened", world.kim)
    assert "Kl. 10:00 visade låsets egna signaler att låset hos en brukare på Enhet Tumba" in text
    assert "medarbetare" not in text


def test_a_care_workers_report_still_says_so(world):
    reported(world)

    assert "Kl. 10:00 rapporterade en medarbetare på Enhet Tumba" in body("case_opened", world.kim)


def test_the_case_page_says_telemetry_found_it(client, world):
    case = found_by_telemetry(world)

    text = visible(page(client, world.kim, f"/cases/{case.pk}/"))
    assert "Upptäckt kl. 10:00 av låsets egna signaler" in text
    assert "Felet upptäckt av låsets egna signaler" in text  # the timeline
    assert "Rapporterad kl. 10:00 av" not in text


# R4: Vredvakt checks the care decision


def test_the_care_decision_check_is_done_by_vredvakt_not_the_reporter(world):
    case = reported(world)

    check = case.steps.get(code="check_care_decision")
    assert check.done_at == TUESDAY_10 and check.done_by is None
    # The report itself is still Anna's (R3, R6).
    assert case.steps.get(code="notify_coordinator").done_by == world.anna


# R3: what the reporter is told about the coordinator


def test_the_reporter_reads_that_the_coordinator_has_been_told(client, world):
    case = reported(world)

    text = visible(page(client, world.anna, f"/cases/{case.pk}/reported/"))
    assert "Koordinatorn har fått meddelande (kl. 10:00)" in text
    assert "Inte läst i Vredvakt än" in text
    assert "Koordinatorn vet" not in text


def test_the_reporter_sees_when_the_coordinator_read_it(client, world):
    case = reported(world)
    Message.objects.filter(kind="case_opened", recipient=world.kim).update(
        read_at=TUESDAY_10 + timedelta(minutes=3)
    )

    text = visible(page(client, world.anna, f"/cases/{case.pk}/reported/"))
    assert "Läst av Kim" in text and "kl. 10:03" in text


# Rule ids are for documentation and logs


def test_no_rule_id_on_the_care_workers_and_coordinators_screens(client, world):
    case = reported(world)
    for user, path in [
        (world.anna, "/"),
        (world.anna, "/cases/report/"),
        (world.anna, f"/cases/{case.pk}/reported/"),
        (world.anna, f"/cases/{case.pk}/"),
        (world.kim, "/"),
        (world.kim, "/cases/"),
        (world.kim, f"/cases/{case.pk}/"),
    ]:
        text = visible(page(client, user, path))
        assert RULE_ID.findall(text) == [], (user, path)


# R14: every case has a deviation owner


def closed(case: FaultCase, world, when: datetime) -> FaultCase:
    case_restore(case=case, by=world.kim, now=when)
    return case_close(case=case, by=world.kim, now=when + timedelta(minutes=1))


def test_the_coordinators_own_the_deviation_of_a_case_nobody_reported(world):
    case = found_by_telemetry(world)

    closed(case, world, TUESDAY_16)

    text = body("deviation_requested", world.kim)
    assert "Ingen rapporterade felet från dörren, så avvikelsen är koordinatorns" in text
    step = CaseStep.objects.get(case=case, code="report_deviation")
    assert step.role == "coordinator" and step.assignee is None
    assert not Message.objects.filter(kind="deviation_requested", recipient=world.anna).exists()


def test_whoever_confirmed_it_at_the_door_owns_the_deviation(client, world):
    case = found_by_telemetry(world)
    case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=TUESDAY_1005,
    )

    closed(case, world, TUESDAY_16)

    assert "Ärendet du anmälde på Enhet Tumba" in body("deviation_requested", world.anna)
    assert not Message.objects.filter(kind="deviation_requested", recipient=world.kim).exists()
    assert CaseStep.objects.get(case=case, code="report_deviation").assignee == world.anna
    home = visible(page(client, world.anna, "/", when=TUESDAY_1701))
    assert "Rapportera avvikelsen: Karin Lund" in home
