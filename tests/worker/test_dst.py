"""Deadline arithmetic across daylight-saving changes (Europe/Stockholm), time passed in.

2026-03-29: clocks go 02:00 → 03:00 (the night has 23 hours).
2026-10-25: clocks go 03:00 → 02:00 (the night has 25 hours).
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vredvakt.jobs.handlers import job_handler
from vredvakt.jobs.loop import drain
from vredvakt.jobs.models import JobState, ScheduledJob
from vredvakt.jobs.services import job_schedule
from vredvakt.routine.clock import at_local_time, to_local

ONE_HOUR = timedelta(hours=1)
ran: list[datetime] = []


@job_handler("tests.dst")
def record(job: ScheduledJob, now: datetime) -> None:
    ran.append(now)


def reminder_before_17(day: date) -> datetime:
    """R9: a reminder one hour before the 17:00 night-patrol deadline."""
    return at_local_time(day, time(17, 0)) - ONE_HOUR


def tomorrow_at_8(now: datetime) -> datetime:
    """R10: "next working day 08:00" is a calendar day on, not 24 hours on."""
    return at_local_time(to_local(now).date() + timedelta(days=1), time(8, 0))


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        (date(2026, 3, 28), datetime(2026, 3, 28, 15, 0, tzinfo=UTC)),  # winter time, +01:00
        (date(2026, 3, 29), datetime(2026, 3, 29, 14, 0, tzinfo=UTC)),  # summer time from 03:00
        (date(2026, 10, 24), datetime(2026, 10, 24, 14, 0, tzinfo=UTC)),  # summer time, +02:00
        (date(2026, 10, 25), datetime(2026, 10, 25, 15, 0, tzinfo=UTC)),  # winter time from 03:00
    ],
)
def test_a_reminder_one_hour_before_17_is_at_16_local_on_change_days(day, utc):
    reminder = reminder_before_17(day)
    assert reminder == utc
    assert to_local(reminder).time() == time(16, 0)


@pytest.mark.parametrize(
    ("evening", "elapsed"),
    [
        # 21:30 on Saturday 2026-03-28 (+01:00) → 08:00 Sunday (+02:00): 9 h 30 min
        (datetime(2026, 3, 28, 20, 30, tzinfo=UTC), timedelta(hours=9, minutes=30)),
        # 21:30 on Saturday 2026-10-24 (+02:00) → 08:00 Sunday (+01:00): 11 h 30 min
        (datetime(2026, 10, 24, 19, 30, tzinfo=UTC), timedelta(hours=11, minutes=30)),
    ],
)
def test_tomorrow_8_local_across_the_dst_night(evening, elapsed):
    due = tomorrow_at_8(evening)
    assert to_local(due).time() == time(8, 0)
    assert due - evening == elapsed


@pytest.mark.django_db
@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25)])
def test_the_worker_runs_the_reminder_at_that_instant_not_an_hour_off(day):
    ran.clear()
    due = reminder_before_17(day)
    job_schedule(kind="tests.dst", due_at=due, key=f"r9:{day}", now=due - timedelta(hours=6))
    drain(due - timedelta(seconds=1))
    drain(due - ONE_HOUR)  # the wrong answer a naive +01:00/+02:00 mix-up would give
    assert ran == []
    drain(due)
    assert ran == [due]
    assert ScheduledJob.objects.get().state == JobState.DONE


@pytest.mark.django_db
def test_a_job_due_tomorrow_8_runs_at_8_after_the_short_night():
    ran.clear()
    evening = datetime(2026, 3, 28, 20, 30, tzinfo=UTC)
    due = tomorrow_at_8(evening)
    job_schedule(kind="tests.dst", due_at=due, key="r10", now=evening)
    drain(evening + timedelta(hours=9, minutes=30) - timedelta(seconds=1))  # 07:59:59 CEST
    assert ran == []
    drain(evening + timedelta(hours=9, minutes=30))
    assert to_local(ran[0]).strftime("%Y-%m-%d %H:%M %Z") == "2026-03-29 08:00 CEST"


@given(
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    minutes=st.integers(min_value=1, max_value=12 * 60),
)
def test_a_reminder_before_a_daytime_deadline_is_that_much_earlier_on_the_wall_clock(day, minutes):
    # Daytime deadlines never straddle a change (changes happen at 02:00-03:00),
    # so "N minutes before 17:00" is always 17:00 minus N minutes locally.
    deadline = at_local_time(day, time(17, 0))
    reminder = deadline - timedelta(minutes=minutes)
    wall = datetime.combine(day, time(17, 0)) - timedelta(minutes=minutes)
    assert to_local(reminder).replace(tzinfo=None) == wall
