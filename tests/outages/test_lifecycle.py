"""R12, R13, R15: the leader tells everyone once, keeps them updated, and says when it is over."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from tests.conftest import World
from tests.notifications.servers import SmtpSink
from tests.outages.conftest import NOW, deliver, jobs, make_area, minutes, recipients, work
from vredvakt.cases.holds import Hold
from vredvakt.cases.models import CaseKind, CaseSource, CaseStatus, FaultCase
from vredvakt.cases.services.closing import restored_to_close
from vredvakt.cases.services.opening import case_open
from vredvakt.cases.steps import StepCode
from vredvakt.clients.models import CareDecision
from vredvakt.jobs.models import JobState, ScheduledJob
from vredvakt.keys.loans import key_sign_out
from vredvakt.keys.models import Key, KeyKind
from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import LockStatus
from vredvakt.notifications.models import Message
from vredvakt.outages.correlation import Scope
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.reminders import UPDATE_REMINDER
from vredvakt.outages.services import EntryKind as OutageEntryKind
from vredvakt.outages.services import (
    OutageError,
    outage_declare,
    outage_deviation_reported,
    outage_notify_managers,
    outage_restore,
    outage_send_update,
)

MANAGERS = {"maja", "ulla", "alvar", "olof"}
# #12: the night patrol works the doors at night, so it hears what the managers hear.
EVERYONE = MANAGERS | {"nils"}


@pytest.fixture
def outage(world: World, maja: User, alvar: User) -> MajorOutage:
    make_area("Storby", 20, world.tumba, silent_at=NOW)
    work(NOW)
    return MajorOutage.objects.get()


def come_back(count: int, at_minutes: float) -> None:
    """`count` of the outage's locks report again (as the ingest would leave them)."""
    from vredvakt.outages.inbox import signals_record

    at = NOW + minutes(at_minutes)
    ids = list(
        Lock.objects.filter(area="Storby", status=LockStatus.OFFLINE)
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    Lock.objects.filter(pk__in=ids).update(status=LockStatus.OK, last_seen_at=at)
    signals_record(ids, came_back=ids, now=at)
    work(at)


def emails_to(sink: SmtpSink, who: set[str]) -> dict[str, int]:
    counts = recipients(sink)
    return {name: counts[f"{name}@vredvakt.test"] for name in sorted(who)}


def test_the_managers_are_told_once(outage: MajorOutage, maja: User, smtp: SmtpSink) -> None:
    outage_notify_managers(outage=outage, by=maja, now=NOW + minutes(5))
    with pytest.raises(OutageError):
        outage_notify_managers(outage=outage, by=maja, now=NOW + minutes(6))
    deliver(NOW + minutes(6))
    told = Message.objects.filter(kind="major_outage", recipient__username__in=MANAGERS)
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted(
        ["maja", "maja", "ulla", "alvar", "olof"]  # Maja also heard at once, as the leader (R11)
    )
    outage.refresh_from_db()
    assert outage.leader == maja


def test_an_update_goes_to_the_same_list(outage: MajorOutage, maja: User, smtp: SmtpSink) -> None:
    outage_notify_managers(outage=outage, by=maja, now=NOW + minutes(5))
    outage_send_update(outage=outage, by=maja, text="Leverantören felsöker.", now=NOW + minutes(30))
    deliver(NOW + minutes(30))
    # The text itself stays in Vredvakt (test_free_text); the email says an update is waiting.
    updates = [r for r in smtp.messages() if "Lägesrapport" in r.subject]
    assert sorted(a.split("@")[0] for r in updates for a in r.to) == sorted(EVERYONE)
    with pytest.raises(OutageError):
        outage_send_update(outage=outage, by=maja, text="   ", now=NOW + minutes(31))


def test_the_leader_is_reminded_when_no_update_went_out_for_two_hours(
    outage: MajorOutage, maja: User
) -> None:
    outage_notify_managers(outage=outage, by=maja, now=NOW + minutes(5))
    jobs(NOW + minutes(5 + 119))
    assert not Message.objects.filter(kind="deadline_reminder").exists()
    outage_send_update(outage=outage, by=maja, text="Felsökning pågår.", now=NOW + minutes(60))
    jobs(NOW + minutes(5 + 120))  # the update moved the reminder on
    assert not Message.objects.filter(kind="deadline_reminder").exists()
    jobs(NOW + minutes(60 + 120))
    [reminder] = Message.objects.filter(kind="deadline_reminder")
    assert reminder.recipient == maja
    # And again two hours later while nobody writes, but never twice for one interval.
    jobs(NOW + minutes(60 + 200))
    assert Message.objects.filter(kind="deadline_reminder").count() == 1
    jobs(NOW + minutes(60 + 240))
    assert Message.objects.filter(kind="deadline_reminder").count() == 2
    pending = ScheduledJob.objects.filter(kind=UPDATE_REMINDER, state=JobState.PENDING)
    assert pending.count() == 1


def test_restoring_sends_the_back_email_once(
    outage: MajorOutage, maja: User, smtp: SmtpSink
) -> None:
    outage_notify_managers(outage=outage, by=maja, now=NOW + minutes(5))
    deliver(NOW + minutes(5))
    before = smtp.count()
    outage_restore(outage=outage, by=maja, now=NOW + minutes(90), note="Nätet är tillbaka.")
    with pytest.raises(OutageError):
        outage_restore(outage=outage, by=maja, now=NOW + minutes(91))
    jobs(NOW + minutes(91))
    deliver(NOW + minutes(91))
    back = [r for r in smtp.messages()[before:] if "Låsen fungerar igen" in r.subject]
    assert sorted(a.split("@")[0] for r in back for a in r.to) == sorted(EVERYONE)
    assert not ScheduledJob.objects.filter(kind=UPDATE_REMINDER, state=JobState.PENDING).exists()


def test_most_locks_back_asks_the_leader_to_confirm_and_the_end_restores_their_cases(
    world: World, outage: MajorOutage, maja: User
) -> None:
    come_back(17, at_minutes=60)
    outage.refresh_from_db()
    assert outage.restore_proposed_at is None  # 85 %: not yet "most"
    come_back(1, at_minutes=61)
    outage.refresh_from_db()
    assert outage.restore_proposed_at == NOW + minutes(61)
    assert Message.objects.filter(recipient=maja, kind="outage_update").count() == 1
    proposed = FaultCase.objects.filter(major_outage=outage, restore_proposed_at__isnull=False)
    assert proposed.count() == 18

    outage_restore(outage=outage, by=maja, now=NOW + minutes(70))
    jobs(NOW + minutes(70))
    cases = FaultCase.objects.filter(major_outage=outage)
    restored = cases.filter(status=CaseStatus.RESTORED)
    assert restored.count() == 18
    assert set(restored.values_list("restored_by", flat=True)) == {maja.pk}  # R7: a person
    # The two still out of order go back to Tumba's coordinator, with the held-back messages.
    assert cases.filter(status=CaseStatus.OPEN).count() == 2
    assert Message.objects.filter(recipient=world.kim, kind="case_opened").count() == 2


def test_a_held_back_expired_decision_reaches_the_assessor_when_the_outage_ends(
    world: World, maja: User
) -> None:
    make_area("Storby", 12, world.tumba, silent_at=NOW, decided=False)
    work(NOW)
    outage = MajorOutage.objects.get()
    assert not Message.objects.filter(kind="decision_expired").exists()
    assert FaultCase.objects.filter(access_revoked=True).count() == 12
    outage_restore(outage=outage, by=maja, now=NOW + minutes(30))
    jobs(NOW + minutes(30))
    # One notice per client (R4) once the outage is over, to the unit's assessor.
    assert Message.objects.filter(kind="decision_expired", recipient=world.hanna).count() == 12


def test_the_operations_manager_reports_the_deviation_once_it_is_over(
    world: World, outage: MajorOutage, maja: User
) -> None:
    with pytest.raises(OutageError):
        outage_deviation_reported(outage=outage, by=world.olof, reference="AV-1", now=NOW)
    outage_restore(outage=outage, by=maja, now=NOW + minutes(40))
    outage_deviation_reported(outage=outage, by=world.olof, reference="AV-1", now=NOW + minutes(50))
    with pytest.raises(OutageError):
        outage_deviation_reported(outage=outage, by=world.olof, reference="AV-2", now=NOW)
    outage.refresh_from_db()
    assert (outage.deviation_reference, outage.deviation_reported_by) == ("AV-1", world.olof)


def test_the_alarm_group_declares_one_by_hand(world: World, maja: User, smtp: SmtpSink) -> None:
    make_area("Storby", 4, world.tumba, silent_at=NOW + minutes(600))
    outage = outage_declare(
        by=world.lars,
        description="Appen går inte att logga in i.",
        scope=Scope(vendor={"Phoniro"}),
        now=NOW,
    )
    assert outage.source == "declared"
    with pytest.raises(OutageError):
        outage_declare(by=world.lars, description="Igen", scope=Scope(vendor={"Phoniro"}), now=NOW)
    work(NOW)
    deliver(NOW)
    outage.refresh_from_db()
    assert outage.announced_at == NOW
    assert emails_to(smtp, {"maja", "lars"}) == {"lars": 1, "maja": 1}
    # Telemetry sees none of it; the message counts what the declaration covers.
    assert "6" in smtp.messages()[0].subject  # 4 + Karin's and Bengt's Phoniro locks


def test_a_declaration_must_say_what_it_covers(world: World) -> None:
    with pytest.raises(OutageError) as refused:
        outage_declare(by=world.lars, description="Något", scope=Scope(), now=NOW)
    assert refused.value.status == 400
    assert not MajorOutage.objects.exists()


def test_a_case_restored_with_the_outage_has_no_reminder_left_r7(world: World, maja: User) -> None:
    # Karin's coordinator had her case open, with its deadlines, before the outage began.
    locks = make_area("Storby", 20, world.tumba, silent_at=NOW)
    assert locks[0].client is not None
    first = case_open(
        client=locks[0].client,
        kind=CaseKind.LOCK,
        source=CaseSource.CARE_WORKER,
        reported_by=world.anna,
        now=NOW - minutes(30),
        lock=locks[0],
    ).case
    pending = ScheduledJob.objects.filter(
        subject_type="cases.faultcase", subject_id=str(first.pk), state=JobState.PENDING
    )
    assert pending.exists()
    work(NOW)
    outage = MajorOutage.objects.get()
    assert FaultCase.objects.get(pk=first.pk).major_outage == outage  # it joined the outage
    come_back(20, at_minutes=60)
    outage_restore(outage=outage, by=maja, now=NOW + minutes(70))
    jobs(NOW + minutes(70))
    first.refresh_from_db()
    assert (first.status, first.restored_by) == (CaseStatus.RESTORED, maja)
    # As when restored on its own page: nothing is left to remind anyone of.
    assert not pending.exists()


def test_the_night_patrol_is_sent_to_tonights_list_not_the_outage_page(
    outage: MajorOutage, maja: User, smtp: SmtpSink
) -> None:
    """#12: the night patrol has no outage page (404); its link is tonight's broken locks."""
    outage_notify_managers(outage=outage, by=maja, now=NOW + minutes(5))
    deliver(NOW + minutes(5))
    (to_nils,) = [r for r in smtp.messages() if any(a.startswith("nils@") for a in r.to)]
    body = to_nils.text
    assert "/cases/tonight/" in body
    assert f"/outages/{outage.pk}/" not in body
    (to_ulla,) = [r for r in smtp.messages() if any(a.startswith("ulla@") for a in r.to)]
    assert f"/outages/{outage.pk}/" in to_ulla.text


def test_an_expired_decision_keeps_its_case_open_when_the_outage_ends_r4(
    world: World, maja: User
) -> None:
    # #13: the outage's end must not wipe the R4 check: that lock refuses staff on purpose.
    locks = make_area("Storby", 20, world.tumba, silent_at=NOW)
    expired, jammed, keyed = locks[0].client, locks[1].client, locks[2].client
    assert expired is not None and jammed is not None and keyed is not None
    CareDecision.objects.filter(client=expired).update(valid_until=date(2026, 3, 1))
    work(NOW)
    outage = MajorOutage.objects.get()
    # Someone at the door reports Storby-1 again during the outage: a cause of its own.
    case_open(
        client=jammed,
        kind=CaseKind.LOCK,
        source=CaseSource.CARE_WORKER,
        reported_by=world.anna,
        now=NOW + minutes(40),
    )
    # Anna took Storby-2's spare key for its case and has not brought it back (R5).
    key = Key.objects.create(
        code="K-ST2", kind=KeyKind.UNIT_KEY, client=keyed, storage=world.tumba_cabinet, hook="2"
    )
    keyed_case = FaultCase.objects.get(client=keyed, major_outage=outage)
    key_sign_out(key=key, by=world.anna, case=keyed_case, now=NOW + minutes(45))
    come_back(20, at_minutes=60)
    outage_restore(outage=outage, by=maja, now=NOW + minutes(70))
    jobs(NOW + minutes(70))

    cases = FaultCase.objects.filter(major_outage=outage)
    assert cases.filter(status=CaseStatus.RESTORED).count() == 17
    assert cases.get(client=keyed).status == CaseStatus.OPEN  # the key is not back yet
    kept = cases.get(client=expired)
    assert kept.status == CaseStatus.OPEN
    step = kept.steps.get(code=StepCode.CONTACT_NEEDS_ASSESSOR)
    assert step.done_at is None  # still "to do", not "no longer needed"
    assert cases.get(client=jammed).status == CaseStatus.OPEN
    # Not offered in the desk's close list: it does not work again.
    assert kept not in restored_to_close(world.kim, FaultCase.objects.all())
    # The record and the leader say which cases stayed open, and why (no client named).
    entry = outage.entries.get(kind=OutageEntryKind.CASES_LEFT_OPEN)
    assert entry.data["cases"] == {
        str(kept.pk): [Hold.DECISION_EXPIRED],
        str(cases.get(client=jammed).pk): [Hold.REPORTED_AGAIN],
        str(keyed_case.pk): [Hold.KEY_OUT],
    }
    assert f"Ärende {keyed_case.pk}: en nyckel är fortfarande ute" in entry.text
    assert f"Ärende {kept.pk}: vårdbeslutet har gått ut" in entry.text
    assert expired.last_name not in entry.text
    told = Message.objects.filter(recipient=maja, kind="outage_update", body__contains="Ärende")
    assert f"Ärende {kept.pk}" in told.get().body
    # They go back to Tumba's coordinator with their held-back messages and deadlines.
    assert Message.objects.filter(recipient=world.kim, kind="case_opened").count() == 3
