"""Keys not back in time (R5): a reminder, an alert, then the unit manager; jobs driven by the
worker's own job step with time passed in, across midnight and daylight-saving changes."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.keys.conftest import TUESDAY_10, TUESDAY_23, open_case, sign_out
from vredvakt.jobs.loop import drain
from vredvakt.jobs.models import JobState, ScheduledJob
from vredvakt.keys.loans import key_hand_over, key_return
from vredvakt.notifications.models import Message

DAY_DUE = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)  # 22:00 local
MINUTE = timedelta(minutes=1)


def run_jobs(now: datetime) -> None:
    drain(now, only={"jobs"})


def told(user, kind: str) -> int:
    return Message.objects.filter(recipient=user, kind=kind).count()


def test_signing_out_schedules_a_reminder_an_alert_and_an_escalation(world):
    loan = sign_out(world, case=open_case(world))
    jobs = ScheduledJob.objects.filter(subject_type="keys.keyloan", subject_id=str(loan.pk))
    assert sorted((j.kind, j.due_at) for j in jobs) == [
        ("keys.loan_escalate", DAY_DUE + timedelta(minutes=60)),
        ("keys.loan_overdue", DAY_DUE),
        ("keys.loan_reminder", DAY_DUE - timedelta(minutes=30)),
    ]


def test_the_holder_is_reminded_half_an_hour_before_and_not_earlier(world):
    sign_out(world, reason="Besök")
    run_jobs(DAY_DUE - timedelta(minutes=31))
    assert told(world.anna, "deadline_reminder") == 0
    run_jobs(DAY_DUE - timedelta(minutes=30))
    message = Message.objects.get(recipient=world.anna, kind="deadline_reminder")
    assert "K-1" in message.title and "22:00" in message.title
    assert message.link == "/keys/"


def test_when_overdue_the_holder_and_the_coordinators_are_alerted(world):
    case = open_case(world)
    sign_out(world, case=case)
    run_jobs(DAY_DUE - MINUTE)
    assert told(world.kim, "key_overdue") == 0
    run_jobs(DAY_DUE)
    assert told(world.anna, "key_overdue") == 1
    assert told(world.kim, "key_overdue") == 1
    assert told(world.ulla, "key_overdue") == 0
    assert told(world.otto, "key_overdue") == 0
    kim = Message.objects.get(recipient=world.kim, kind="key_overdue")
    assert kim.link == f"/cases/{case.pk}/"
    # Personal data only in the in-app message; the case timeline records it.
    assert "Karin" in kim.body
    assert case.timeline.filter(kind="key_overdue").count() == 1


def test_the_unit_manager_hears_an_hour_after_the_due_time(world):
    sign_out(world, reason="Besök")
    run_jobs(DAY_DUE + timedelta(minutes=59))
    assert told(world.ulla, "key_overdue") == 0
    run_jobs(DAY_DUE + timedelta(minutes=60))
    assert told(world.ulla, "key_overdue") == 1
    assert told(world.kim, "key_overdue") == 1  # once, not again


def test_returning_the_key_cancels_every_alert(world):
    loan = sign_out(world, reason="Besök")
    key_return(loan=loan, by=world.anna, now=TUESDAY_10 + timedelta(hours=2))
    run_jobs(DAY_DUE + timedelta(hours=3))
    assert Message.objects.filter(kind__in=["key_overdue", "deadline_reminder"]).count() == 0
    states = set(
        ScheduledJob.objects.filter(kind__startswith="keys.").values_list("state", flat=True)
    )
    assert states == {JobState.CANCELLED}


def test_a_key_returned_after_the_alert_stops_the_escalation(world):
    loan = sign_out(world, reason="Besök")
    run_jobs(DAY_DUE)
    key_return(loan=loan, by=world.kim, now=DAY_DUE + timedelta(minutes=10))
    run_jobs(DAY_DUE + timedelta(hours=2))
    assert told(world.ulla, "key_overdue") == 0


def test_a_hand_over_keeps_the_due_time_and_alerts_the_new_holder(world):
    loan = sign_out(world, reason="Besök")
    key_hand_over(loan=loan, by=world.anna, to=world.kim, now=TUESDAY_10 + timedelta(hours=1))
    run_jobs(DAY_DUE - timedelta(minutes=30))
    assert told(world.kim, "deadline_reminder") == 1
    assert told(world.anna, "deadline_reminder") == 0
    run_jobs(DAY_DUE)
    holder_alert = Message.objects.filter(recipient=world.kim, kind="key_overdue", link="/keys/")
    assert holder_alert.exists()


def test_a_night_loan_is_chased_the_next_morning_across_midnight(world):
    case = open_case(world, now=TUESDAY_23)
    sign_out(world, world.karin_night_key, case=case, now=TUESDAY_23)
    morning = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 07:00 local
    run_jobs(datetime(2026, 11, 24, 23, 30, tzinfo=UTC))  # half past midnight: nothing yet
    assert Message.objects.filter(kind__in=["key_overdue", "deadline_reminder"]).count() == 0
    run_jobs(morning - timedelta(minutes=30))
    assert told(world.anna, "deadline_reminder") == 1
    run_jobs(morning)
    assert told(world.kim, "key_overdue") == 1


@pytest.mark.parametrize(
    ("taken", "due"),
    [
        # 2026-03-28 23:00 (+01:00) → 2026-03-29 07:00 (+02:00): the night is 7 hours.
        (datetime(2026, 3, 28, 22, 0, tzinfo=UTC), datetime(2026, 3, 29, 5, 0, tzinfo=UTC)),
        # 2026-10-24 23:00 (+02:00) → 2026-10-25 07:00 (+01:00): the night is 9 hours.
        (datetime(2026, 10, 24, 21, 0, tzinfo=UTC), datetime(2026, 10, 25, 6, 0, tzinfo=UTC)),
    ],
)
def test_a_night_loan_across_a_daylight_saving_change_is_due_at_07_local(world, taken, due):
    loan = sign_out(world, world.karin_night_key, reason="Nattbesök", now=taken)
    assert loan.due_back_at == due
    run_jobs(due - MINUTE)
    assert told(world.kim, "key_overdue") == 0
    run_jobs(due)
    assert told(world.kim, "key_overdue") == 1
    run_jobs(due + timedelta(minutes=60))
    assert told(world.ulla, "key_overdue") == 1


def test_a_loan_due_within_half_an_hour_gets_no_reminder(world):
    # #13: the default due time is at least 2 hours away now, so the short loan is asked for.
    now = DAY_DUE - timedelta(minutes=10)
    loan = sign_out(world, reason="Besök", now=now, due_back_at=DAY_DUE)
    kinds = set(ScheduledJob.objects.filter(subject_id=str(loan.pk)).values_list("kind", flat=True))
    assert "keys.loan_reminder" not in kinds


def test_a_key_taken_at_21_59_is_due_the_next_morning_and_nobody_is_told_at_22_01(world):
    # #13, R5: the key follows the night shift instead of being overdue a minute later.
    loan = sign_out(world, reason="Besök", now=DAY_DUE - MINUTE)
    assert loan.due_back_at == datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 07:00 local
    run_jobs(DAY_DUE + MINUTE)
    assert told(world.anna, "key_overdue") == 0
    assert told(world.anna, "deadline_reminder") == 0
    assert told(world.kim, "key_overdue") == 0
