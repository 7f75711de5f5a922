"""A week ahead with nobody on call is told to the unit manager, in office hours, once (#12)."""

from datetime import time, timedelta

from tests.oncall.conftest import TUESDAY, local
from vredvakt.jobs.loop import Tick
from vredvakt.notifications.models import Message
from vredvakt.oncall.gap_watch import check_hourly, roster_gaps_flag
from vredvakt.oncall.models import OnCallSlot, RosterGapFlag
from vredvakt.oncall.services import oncall_slot_set


def told(user) -> list[Message]:
    return list(Message.objects.filter(recipient=user, kind="oncall_gap").order_by("pk"))


def test_a_unit_with_a_full_roster_is_not_flagged(world, tumba_roster):
    roster_gaps_flag(now=TUESDAY)
    assert told(world.ulla) == []


def test_a_missing_night_is_told_once_to_the_unit_manager(world, tumba_roster):
    OnCallSlot.objects.filter(unit=world.tumba, weekday=2).delete()  # Wednesday night
    roster_gaps_flag(now=TUESDAY)
    roster_gaps_flag(now=TUESDAY + timedelta(hours=1))
    [message] = told(world.ulla)
    assert message.link == f"/oncall/{world.tumba.pk}/"
    assert told(world.kim) == [] and told(tumba_roster) == []
    flag = RosterGapFlag.objects.get(unit=world.tumba)
    assert (flag.starts_at, flag.ends_at) == (local(2026, 11, 25, 17), local(2026, 11, 26, 7))


def test_it_is_not_told_out_of_hours(world, tumba_roster):
    OnCallSlot.objects.filter(unit=world.tumba, weekday=2).delete()
    assert roster_gaps_flag(now=local(2026, 11, 24, 17, 1)) == 0
    assert roster_gaps_flag(now=local(2026, 11, 28, 10)) == 0  # Saturday
    assert told(world.ulla) == []


def test_the_worker_checks_once_an_hour(world, tumba_roster):
    OnCallSlot.objects.filter(unit=world.tumba, weekday=2).delete()
    for minute in (0, 10, 20):
        check_hourly(Tick(now=TUESDAY + timedelta(minutes=minute)))
    assert len(told(world.ulla)) == 1
    OnCallSlot.objects.filter(unit=world.tumba, weekday=3).delete()  # Thursday night too
    check_hourly(Tick(now=TUESDAY + timedelta(minutes=59)))
    assert len(told(world.ulla)) == 1  # not before the next hour
    check_hourly(Tick(now=TUESDAY + timedelta(minutes=60)))
    assert len(told(world.ulla)) == 2


def test_a_unit_with_one_period_hears_of_the_rest(world, berit):
    oncall_slot_set(
        actor=world.ulla,
        unit=world.tumba,
        person=berit,
        weekday=0,
        starts=time(17),
        end_weekday=1,
        ends=time(7),
        via="web",
        now=TUESDAY,
    )
    roster_gaps_flag(now=TUESDAY)
    # Tuesday 10:00: the nights of Tuesday to Thursday, and Friday to Monday.
    assert len(told(world.ulla)) == 4
    roster_gaps_flag(now=TUESDAY + timedelta(days=1))
    assert len(told(world.ulla)) == 5  # a week ahead of Wednesday: the next Tuesday night


def test_a_unit_that_keeps_no_roster_is_not_told(world):
    assert roster_gaps_flag(now=TUESDAY) == 0
    assert told(world.ulla) == []
