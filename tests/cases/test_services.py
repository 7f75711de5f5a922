"""The fault case's services with time passed in: the Swedish calendar (R9, R10),
the decision check (R4), one case per lock (R3, R6), and the case's life (R7, R8, R14)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vredvakt.cases.errors import CaseError
from vredvakt.cases.models import CaseStatus, FaultCase, TimelineEntry
from vredvakt.cases.services.lifecycle import (
    case_acknowledge,
    case_add_note,
    case_close,
    case_inform_alarm_group,
    case_mark_fixed,
    case_restore,
    cases_propose_restore,
    deviation_reported,
    timeline_correct,
)
from vredvakt.cases.services.opening import case_open
from vredvakt.clients.models import CareDecision
from vredvakt.jobs.models import JobState, ScheduledJob
from vredvakt.notifications.models import Message

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


TUESDAY_10 = local(2026, 11, 24, 10)


def open_case(world, now: datetime = TUESDAY_10, reporter=None, **kwargs) -> FaultCase:
    fields = {"client": world.karin, "kind": "lock", "source": "care_worker"}
    fields.update(kwargs)
    return case_open(reported_by=reporter or world.anna, now=now, **fields).case


def due(case: FaultCase, code: str) -> datetime | None:
    return case.steps.get(code=code).due_at


def set_decision(world, valid_until: date) -> None:
    CareDecision.objects.filter(client=world.karin).update(valid_until=valid_until)


# R10: weekends, holidays and the clocks


def test_r10_on_saturday_the_alarm_group_acts_monday_08(world):
    case = open_case(world, now=local(2026, 11, 28, 10))

    assert case.mode == "weekend"
    assert due(case, "alarm_group_act") == local(2026, 11, 30, 8)
    assert due(case, "message_night_patrol") == local(2026, 11, 28, 10)  # R10: at once
    assert case.steps.get(code="inform_alarm_group").done_by == world.anna  # the report did it


def test_r10_easter_saturday_skips_annandag_pask_to_tuesday_08(world):
    case = open_case(world, now=local(2026, 4, 4, 10))

    assert case.mode == "weekend"
    # Easter Monday 2026-04-06 is a public holiday: Tuesday 08:00 CEST.
    assert due(case, "alarm_group_act") == datetime(2026, 4, 7, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("opened", "monday_8"),
    [
        # 2026-03-29: the clocks go forward at 02:00; 01:30 CET and 03:30 CEST.
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 3, 30, 6, 0, tzinfo=UTC)),
        (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), datetime(2026, 3, 30, 6, 0, tzinfo=UTC)),
        # 2026-10-25: 02:30 happens twice, first in CEST then in CET.
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 26, 7, 0, tzinfo=UTC)),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), datetime(2026, 10, 26, 7, 0, tzinfo=UTC)),
        (datetime(2026, 10, 25, 15, 0, tzinfo=UTC), datetime(2026, 10, 26, 7, 0, tzinfo=UTC)),
    ],
)
def test_r10_a_case_on_a_dst_sunday_is_a_weekend_case_due_monday_08_local(world, opened, monday_8):
    case = open_case(world, now=opened)

    assert case.mode == "weekend"
    assert due(case, "alarm_group_act") == monday_8
    assert due(case, "message_night_patrol") == opened


def test_r10_julafton_is_a_day_off_and_the_alarm_group_acts_after_christmas(world):
    case = open_case(world, now=local(2026, 12, 24, 10))  # a Thursday

    assert case.mode == "weekend"
    # Juldagen (Fri), annandag jul (Sat), Sunday: Monday 28 December 08:00 CET.
    assert due(case, "alarm_group_act") == datetime(2026, 12, 28, 7, 0, tzinfo=UTC)


def test_r9_friday_16_59_is_a_weekday_case_and_17_01_out_of_hours(world):
    before = open_case(world, now=local(2026, 11, 27, 16, 59))
    after = open_case(world, now=local(2026, 11, 27, 17, 1), kind="app")

    # #12 (R10b): after the coordinators' day the staff on site tell the patrol at once,
    # and the alarm group takes the case when its next working day starts.
    assert (before.mode, after.mode) == ("weekday", "out_of_hours")
    assert due(before, "message_night_patrol") == local(2026, 11, 27, 17)
    assert due(after, "message_night_patrol") == local(2026, 11, 27, 17, 1)
    assert after.steps.get(code="message_night_patrol").role == "care_worker"
    assert due(after, "alarm_group_act") == local(2026, 11, 30, 8)


def test_r1_r2_the_key_follows_the_shift(world):
    day = open_case(world, now=local(2026, 11, 24, 21, 59))
    night = open_case(world, now=local(2026, 11, 24, 22, 0), kind="app")

    assert (day.shift, day.key_kind) == ("day", "unit_key")
    assert (night.shift, night.key_kind) == ("night", "night_key")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    moment=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    )
)
def test_no_step_and_no_job_is_ever_due_before_the_case_opened(world, moment):
    set_decision(world, date(2031, 12, 31))
    with transaction.atomic():
        case = open_case(world, now=moment)
        dues = [s.due_at for s in case.steps.all() if s.due_at is not None]
        jobs = [
            j.due_at
            for j in ScheduledJob.objects.filter(
                subject_type="cases.faultcase", subject_id=str(case.pk)
            )
        ]
        transaction.set_rollback(True)  # the next example starts from the same world
    assert all(when >= moment for when in dues + jobs)


# R4: the decision check


def test_r4_an_expired_decision_revokes_access_and_asks_for_the_assessor(world):
    set_decision(world, date(2026, 11, 23))  # yesterday

    case = open_case(world)

    assert case.access_revoked and case.decision_expires_on is None
    step = case.steps.get(code="contact_needs_assessor")
    assert (step.rule, step.role, step.due_at, step.done_at) == (
        "R4",
        "coordinator",
        case.opened_at,
        None,
    )
    checked = case.timeline.get(kind="decision_checked")
    assert checked.data == {"revoked": True, "expired_on": "2026-11-23", "expires_on": None}
    assert Message.objects.filter(recipient=world.hanna, kind="decision_expired").exists()


def test_r4_a_decision_ending_today_is_still_valid_but_expiring(world):
    set_decision(world, date(2026, 11, 24))

    case = open_case(world)

    assert not case.access_revoked
    assert case.decision_expires_on == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("valid_until", "expires_on"),
    [(date(2026, 12, 1), date(2026, 12, 1)), (date(2026, 12, 2), None)],
)
def test_r4_a_decision_expiring_within_7_days_is_flagged_not_revoked(
    world, valid_until, expires_on
):
    set_decision(world, valid_until)

    case = open_case(world)

    assert not case.access_revoked
    assert case.decision_expires_on == expires_on
    assert not case.steps.filter(code="contact_needs_assessor").exists()
    # #13: about to end, the assessor hears it expires (not that it has expired).
    kinds = set(Message.objects.filter(recipient=world.hanna).values_list("kind", flat=True))
    assert kinds == ({"decision_expiring"} if expires_on else set())


def test_r4_a_longer_decision_outweighs_one_about_to_end(world):
    set_decision(world, date(2026, 11, 26))
    CareDecision.objects.create(
        reference="D-2",
        client=world.karin,
        valid_from=date(2026, 11, 27),
        valid_until=date(2027, 11, 26),
        assessor=world.hanna,
    )

    case = open_case(world)

    # The renewal starts later, so today only the old one counts: still expiring.
    assert not case.access_revoked and case.decision_expires_on == date(2026, 11, 26)


def test_r4_no_decision_at_all_revokes_access_and_tells_the_units_assessor(world):
    CareDecision.objects.filter(client=world.karin).delete()

    case = open_case(world)

    assert case.access_revoked and case.decision_expires_on is None
    assert case.steps.filter(code="contact_needs_assessor").exists()
    assert Message.objects.filter(recipient=world.hanna, kind="decision_expired").exists()


# R3, R6: one case per lock


def test_two_reports_of_the_same_lock_end_in_one_case(world):
    first = case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=TUESDAY_10,
    )
    second = case_open(
        client=world.karin,
        kind="lock",
        source="coordinator",
        reported_by=world.kim,
        now=TUESDAY_10 + timedelta(seconds=1),
        note="Samma lås",
    )

    assert (first.joined, second.joined) == (False, True)
    assert FaultCase.objects.count() == 1
    again = first.case.timeline.get(kind="reported_again")
    assert (again.actor, again.text) == (world.kim, "Samma lås")
    # Joining adds no checklist, notification or deadline of its own.
    assert first.case.steps.count() == 9
    assert Message.objects.filter(kind="case_opened").count() == 1


def test_the_app_and_the_lock_of_one_client_are_two_cases(world):
    open_case(world)
    open_case(world, kind="app")

    assert FaultCase.objects.count() == 2


def test_a_report_after_the_case_was_restored_opens_a_new_case(world):
    first = open_case(world)
    case_restore(case=first, by=world.kim, now=TUESDAY_10 + timedelta(hours=1))

    second = open_case(world, now=TUESDAY_10 + timedelta(hours=2))

    assert second.pk != first.pk and second.status == CaseStatus.OPEN


# R7, R8, R14: the case's life


def test_r8_informing_then_acknowledging_records_who_and_when(world):
    case = open_case(world)
    later = TUESDAY_10 + timedelta(minutes=5)

    case_inform_alarm_group(case=case, by=world.kim, now=later)
    case_acknowledge(case=case, by=world.lars, now=later + timedelta(minutes=5))

    case.refresh_from_db()
    assert case.alarm_acknowledged_by == world.lars
    kinds = list(case.timeline.values_list("kind", flat=True))
    assert kinds[-2:] == ["alarm_group_informed", "alarm_group_acknowledged"]
    pending = ScheduledJob.objects.filter(
        subject_type="cases.faultcase", subject_id=str(case.pk), state=JobState.PENDING
    )
    assert {j.payload["step"] for j in pending} == {"message_night_patrol"}


def test_it_rejects_a_second_acknowledgement_and_changes_nothing(world):
    case = open_case(world)
    case_acknowledge(case=case, by=world.lars, now=TUESDAY_10)
    entries = TimelineEntry.objects.count()

    with pytest.raises(CaseError) as refused:
        case_acknowledge(case=case, by=world.lars, now=TUESDAY_10 + timedelta(minutes=1))

    assert refused.value.status == 409
    assert TimelineEntry.objects.count() == entries


def test_r7_telemetry_proposes_once_and_a_person_confirms(world):
    case = open_case(world)

    first = cases_propose_restore(
        reasons={case.pk: "Heartbeat"}, now=TUESDAY_10 + timedelta(minutes=5)
    )
    again = cases_propose_restore(
        reasons={case.pk: "Heartbeat"}, now=TUESDAY_10 + timedelta(minutes=6)
    )

    assert (first, again) == ([case.pk], [])
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.restore_proposed_at == TUESDAY_10 + timedelta(minutes=5)
    assert case.timeline.filter(kind="restore_proposed").count() == 1


def test_r8_fixed_proposes_the_restore_and_the_coordinator_confirms_it(world):
    case = open_case(world)

    case_mark_fixed(case=case, by=world.lars, now=TUESDAY_10 + timedelta(hours=1))
    case_restore(case=case, by=world.kim, now=TUESDAY_10 + timedelta(hours=2), note="Testat")

    case.refresh_from_db()
    assert (case.status, case.restored_by, case.restored_at) == (
        CaseStatus.RESTORED,
        world.kim,
        TUESDAY_10 + timedelta(hours=2),
    )
    assert case.steps.get(code="record_restored").done_by == world.kim


def test_r14_closing_asks_the_reporter_for_the_deviation(world):
    case = open_case(world)
    case_restore(case=case, by=world.kim, now=TUESDAY_10 + timedelta(hours=1))
    closed_at = TUESDAY_10 + timedelta(hours=2)

    case_close(case=case, by=world.kim, now=closed_at)
    step = deviation_reported(
        case=case, by=world.anna, reference=" AV-2026-7 ", now=closed_at + timedelta(days=1)
    )

    assert Message.objects.filter(recipient=world.anna, kind="deviation_requested").exists()
    assert step.due_at == closed_at and step.done_by == world.anna
    assert case.timeline.get(kind="deviation_reported").text == "AV-2026-7"


def test_it_rejects_closing_an_open_case_and_changes_nothing(world):
    case = open_case(world)
    entries = TimelineEntry.objects.count()

    with pytest.raises(CaseError):
        case_close(case=case, by=world.kim, now=TUESDAY_10)

    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and TimelineEntry.objects.count() == entries


def test_r8_a_vendor_ticket_alone_is_a_note(world):
    case = open_case(world)

    entry = case_add_note(case=case, by=world.lars, text="", vendor_ticket="PH-9", now=TUESDAY_10)

    case.refresh_from_db()
    assert case.vendor_ticket == "PH-9" and entry.data == {"vendor_ticket": "PH-9"}


def test_it_rejects_an_empty_note_and_changes_nothing(world):
    case = open_case(world)
    entries = TimelineEntry.objects.count()

    with pytest.raises(CaseError) as refused:
        case_add_note(case=case, by=world.kim, text="  ", now=TUESDAY_10)

    assert refused.value.status == 400
    assert TimelineEntry.objects.count() == entries


def test_r6_a_correction_never_changes_the_entry_it_corrects(world):
    case = open_case(world, note="Baksidan")
    reported = case.timeline.get(kind="reported")

    correction = timeline_correct(entry=reported, by=world.anna, text="Framsidan", now=TUESDAY_10)

    reported.refresh_from_db()
    assert reported.text == "Baksidan"
    assert (correction.corrects, correction.kind, correction.text) == (
        reported,
        "correction",
        "Framsidan",
    )
