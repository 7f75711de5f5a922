"""Out of hours (#12, R10b): after the coordinators' day the staff on site act as on a weekend.

A weekday evening case: the care worker tells the night patrol in one tap, the
report messages the alarm group, whose step is due at its next start; the
coordinators' email waits for their morning; no reminder or escalation reaches
a role before its working day.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from tests.cases.test_reminders import jobs_of
from vredvakt.cases.access import can_message_night_patrol
from vredvakt.cases.models import FaultCase, NightPatrolMessage
from vredvakt.cases.services.opening import case_open
from vredvakt.notifications.models import Channel, Message

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TOKEN = "0123456789abcdef0123456789abcdef"


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=STOCKHOLM)


TUESDAY_10 = local(11, 24, 10)
TUESDAY_1930 = local(11, 24, 19, 30)
WEDNESDAY_7 = local(11, 25, 7)


def opened(world, now: datetime) -> FaultCase:
    return case_open(
        client=world.karin, kind="lock", source="care_worker", reported_by=world.anna, now=now
    ).case


def test_a_weekday_evening_case_runs_out_of_hours(world):
    case = opened(world, TUESDAY_1930)
    assert case.mode == "out_of_hours"
    steps = {step.code: step for step in case.steps.all()}
    # R10b: the report messages the alarm group, whose step waits for its 08:00.
    assert steps["inform_alarm_group"].done_at == TUESDAY_1930
    assert steps["alarm_group_act"].due_at == local(11, 25, 8)
    assert steps["message_night_patrol"].role == "care_worker"
    assert Message.objects.filter(kind="alarm_group_informed", recipient=world.lars).exists()


def test_the_care_worker_may_tell_the_night_patrol_only_out_of_hours(world):
    assert can_message_night_patrol(world.anna, opened(world, TUESDAY_1930))
    other = case_open(
        client=world.karin, kind="app", source="care_worker", reported_by=world.anna, now=TUESDAY_10
    ).case
    assert not can_message_night_patrol(world.anna, other)  # R9: the coordinator's by day
    assert can_message_night_patrol(world.kim, other)


def test_at_1930_one_tap_tells_the_night_patrol(client, world):
    with time_machine.travel(TUESDAY_1930, tick=False):
        client.force_login(world.anna)
        response = client.post(
            "/cases/report/", {"client": world.karin.pk, "kind": "lock", "token": TOKEN}
        )
        page = client.get(response["Location"]).content.decode()
        assert "Efter kontorstid: meddela nattpatrullen nu" in page
        assert page.count("Skicka till nattpatrullen") == 1
        case = FaultCase.objects.get()
        client.post(
            f"/cases/{case.pk}/night-patrol/",
            {"token": "b" * 32, "next": f"/cases/{case.pk}/reported/"},
        )
    message = NightPatrolMessage.objects.get()
    assert list(message.cases.all()) == [case] and message.sent_by == world.anna
    assert case.steps.get(code="message_night_patrol").done_by == world.anna


def test_the_coordinators_email_waits_for_their_morning(world):
    case = opened(world, TUESDAY_1930)
    message = Message.objects.get(kind="case_opened", recipient=world.kim, subject_id=str(case.pk))
    email = message.deliveries.get(channel=Channel.EMAIL)
    assert email.due_at == WEDNESDAY_7
    # Nobody is escalated to in the night about a message that is not sent yet.
    assert message.escalate_at is not None and message.escalate_at > WEDNESDAY_7
    assert message.deliveries.get(channel=Channel.IN_APP).delivered_at == TUESDAY_1930


def test_by_day_the_coordinators_email_goes_at_once(world):
    opened(world, TUESDAY_10)
    message = Message.objects.get(kind="case_opened", recipient=world.kim)
    assert message.deliveries.get(channel=Channel.EMAIL).due_at == TUESDAY_10


def test_a_coordinator_step_missed_at_1659_is_escalated_next_morning(world):
    # R8: the coordinator informs the alarm group "at once" at 16:59; missed after 30
    # minutes would be 17:29, when no coordinator works: the escalation waits for 07:00.
    case = opened(world, local(11, 24, 16, 59))
    assert case.mode == "weekday"
    assert jobs_of(case, "inform_alarm_group")["missed"].due_at == WEDNESDAY_7
    # R9: the night patrol's 17:00 is the end of their day, escalated then.
    assert jobs_of(case, "message_night_patrol")["missed"].due_at == local(11, 24, 17)


def test_the_alarm_group_is_not_reminded_before_it_starts(world):
    case = opened(world, TUESDAY_1930)
    jobs = jobs_of(case, "alarm_group_act")
    assert "remind" not in jobs  # 07:00 is before its 08:00
    assert jobs["missed"].due_at == local(11, 25, 8)


def test_the_alarm_queue_lists_an_evening_case_under_the_next_working_day(client, world):
    opened(world, TUESDAY_1930)
    with time_machine.travel(TUESDAY_1930 + timedelta(minutes=5), tick=False):
        client.force_login(world.lars)
        page = client.get("/cases/alarm/").content.decode()
    start = page.index("Nästa vardag (1)")
    later = page[start : page.find("<h2", start)]
    assert "Lundgatan 4" in later
    assert "efter kontorstid: ert från kl. 08:00 nästa vardag" in later
