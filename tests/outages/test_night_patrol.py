"""R9 during a major outage: one reminder per unit, not one per case, and none once told."""

from django.contrib.auth.models import User

from tests.conftest import World
from tests.outages.conftest import NOW, jobs, make_area, minutes, work
from vredvakt.cases.models import FaultCase
from vredvakt.cases.services.night_patrol import cases_for_night_patrol, night_patrol_message_send
from vredvakt.jobs.models import ScheduledJob
from vredvakt.notifications.models import Message
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.night_patrol import MISSED, REMIND, schedule_unit_reminders
from vredvakt.outages.services import outage_restore

# NOW is Tuesday 10:00 in Stockholm: the night patrol must know by 17:00 (R9).
REMIND_AT = NOW + minutes(6 * 60)  # 16:00
DEADLINE = NOW + minutes(7 * 60)  # 17:00


def messages(kind: str, who: str) -> list[Message]:
    return list(Message.objects.filter(kind=kind, recipient__username=who))


def start_outage(world: World) -> MajorOutage:
    make_area("Storby", 20, world.tumba, silent_at=NOW)
    make_area("Albyberg", 12, world.alby, silent_at=NOW)
    work(NOW)
    outage = MajorOutage.objects.get()
    assert FaultCase.objects.filter(major_outage=outage).count() == 32
    return outage


def test_each_unit_gets_one_reminder_with_its_count(world: World, maja: User) -> None:
    start_outage(world)

    jobs(REMIND_AT - minutes(1))
    assert not messages("deadline_reminder", "kim")
    jobs(REMIND_AT)

    [tumba] = messages("deadline_reminder", "kim")
    assert "20" in tumba.body and "17:00" in tumba.body
    assert tumba.link.endswith(f"/cases/night-patrol/{world.tumba.pk}/")
    [alby] = messages("deadline_reminder", "otto")
    assert "12" in alby.body


def test_a_unit_that_told_the_night_patrol_hears_no_more(
    world: World, maja: User, alvar: User
) -> None:
    start_outage(world)
    jobs(REMIND_AT)
    cases = [case.pk for case in cases_for_night_patrol(world.alby)]
    night_patrol_message_send(
        unit=world.alby, case_ids=cases, text="", by=world.otto, now=REMIND_AT + minutes(20)
    )

    jobs(DEADLINE)

    # Tumba missed it: its coordinator and its manager hear; Alby does not.
    assert len(messages("deadline_missed", "kim")) == 1
    assert len(messages("deadline_missed", "ulla")) == 1
    assert not messages("deadline_missed", "otto")
    assert not messages("deadline_missed", "alvar")


def test_an_outage_over_hands_the_reminders_back_to_the_cases(world: World, maja: User) -> None:
    outage = start_outage(world)
    outage_restore(outage=outage, by=maja, now=NOW + minutes(60))
    jobs(NOW + minutes(61))  # the release job: each case is its own again

    jobs(REMIND_AT)

    # The 20 cases' own R9 reminders, and not the outage's one for the unit.
    assert len(messages("deadline_reminder", "kim")) == 20


def test_scheduling_the_units_reminders_again_adds_nothing_and_moves_nothing(
    world: World, maja: User
) -> None:
    # Run again as cases join the outage: the jobs already there stay as they were.
    outage = start_outage(world)
    pending = ScheduledJob.objects.filter(subject_id=str(outage.pk), kind__in=(REMIND, MISSED))
    before = sorted(pending.values_list("key", "due_at"))
    assert len(before) == 4  # a reminder and a deadline for each of the two units

    assert schedule_unit_reminders(outage, now=NOW + minutes(20)) == 2

    assert sorted(pending.values_list("key", "due_at")) == before
