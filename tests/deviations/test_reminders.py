"""Reports left too long (R14): a draft reminds its owner after two working days, a
submitted report not followed up reminds the unit manager after 14 days."""

from datetime import UTC, datetime, timedelta

from tests.deviations.helpers import KEY_AT, RESTORED_AT, helped_with_key, report_of, restored
from vredvakt.cases.services.opening import case_open
from vredvakt.deviations.services import Account, report_follow_up, report_submit
from vredvakt.jobs.loop import drain
from vredvakt.keys.loans import key_sign_out
from vredvakt.notifications.models import Message

THURSDAY = KEY_AT + timedelta(days=2)  # two working days after Tuesday 10:20
WRITTEN = Account(account="Låset öppnade inte.", serious="no")


def run_jobs(now: datetime) -> None:
    drain(now, only={"jobs"})


def reminders_to(user) -> int:
    return Message.objects.filter(kind="deviation_reminder", recipient=user).count()


def test_a_draft_reminds_its_owner_after_two_working_days_and_again_after_two_more(world):
    helped_with_key(world)

    run_jobs(THURSDAY - timedelta(minutes=1))
    assert reminders_to(world.anna) == 0
    run_jobs(THURSDAY)
    assert reminders_to(world.anna) == 1
    # Friday, then the weekend: the next reminder is Monday 10:20, two working days on.
    run_jobs(datetime(2026, 11, 30, 9, 19, tzinfo=UTC))
    assert reminders_to(world.anna) == 1
    run_jobs(datetime(2026, 11, 30, 9, 20, tzinfo=UTC))
    assert reminders_to(world.anna) == 2


def test_a_report_made_on_a_friday_waits_over_the_weekend(world):
    friday_14 = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
    case = case_open(
        client=world.karin, kind="lock", source="care_worker", reported_by=world.anna, now=friday_14
    ).case
    key_sign_out(key=world.karin_unit_key, by=world.anna, case=case, now=friday_14)

    run_jobs(datetime(2026, 11, 30, 13, 0, tzinfo=UTC))  # Monday: one working day
    assert reminders_to(world.anna) == 0
    run_jobs(datetime(2026, 12, 1, 13, 0, tzinfo=UTC))  # Tuesday 14:00
    assert reminders_to(world.anna) == 1


def test_a_submitted_draft_reminds_nobody(world):
    report = report_of(restored(world, helped_with_key(world)))
    report_submit(report=report, by=world.anna, written=WRITTEN, reference="AV-1", now=RESTORED_AT)

    run_jobs(THURSDAY + timedelta(days=7))

    assert reminders_to(world.anna) == 0


def test_a_report_not_followed_up_reminds_the_unit_manager_after_14_days(world):
    report = report_of(restored(world, helped_with_key(world)))
    report_submit(report=report, by=world.anna, written=WRITTEN, reference="AV-1", now=RESTORED_AT)

    run_jobs(RESTORED_AT + timedelta(days=14) - timedelta(minutes=1))
    assert reminders_to(world.ulla) == 0
    run_jobs(RESTORED_AT + timedelta(days=14))
    assert reminders_to(world.ulla) == 1
    assert reminders_to(world.kim) == 0


def test_a_followed_up_report_reminds_nobody(world):
    report = report_of(restored(world, helped_with_key(world)))
    report_submit(report=report, by=world.anna, written=WRITTEN, reference="AV-1", now=RESTORED_AT)
    report_follow_up(report=report, by=world.ulla, analysis="A", actions="B", now=RESTORED_AT)

    run_jobs(RESTORED_AT + timedelta(days=30))

    assert reminders_to(world.ulla) == 0


def test_a_reference_recorded_on_the_case_by_hand_stops_the_reminders(world):
    from vredvakt.cases.services.lifecycle import deviation_reported

    case = helped_with_key(world)
    deviation_reported(case=case, by=world.anna, reference="AV-5", now=KEY_AT)

    run_jobs(THURSDAY + timedelta(days=7))

    assert reminders_to(world.anna) == 0
