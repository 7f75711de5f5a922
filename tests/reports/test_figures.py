"""The statistics over a known week give the numbers worked out by hand (#15 item 3)."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.reports.conftest import NOW, WEEK, Week
from vredvakt.outages.models import OutageCause
from vredvakt.reports.figures import cases, keys, locks, outages, routine
from vredvakt.reports.forms import period_bounds


@pytest.fixture
def week(week_of_module: Week, db: None, frozen: None) -> Week:
    """These tests only read the week: it is built once for the module."""
    return week_of_module


START, END = period_bounds(*WEEK)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def tumba(week: Week) -> list[int]:
    return [week.world.tumba.pk]


def test_it_counts_the_cases_of_the_week_by_cause(week: Week) -> None:
    # Karin's lock 5 times; the app twice; Greta in the network outage; Sven's expired
    # decision; Monday evening's "something else". Alby's case and next Monday's are outside.
    assert cases.cases_by_cause(tumba(week), START, END, NOW) == [
        ("The lock", 5),
        ("The app", 2),
        ("Network or vendor platform", 1),
        ("Expired care decision", 1),
        ("Something else", 1),
    ]


def test_it_counts_both_units_for_the_operations_manager(week: Week) -> None:
    both = [week.world.tumba.pk, week.world.alby.pk]
    by_cause = {row[0]: row[1] for row in cases.cases_by_cause(both, START, END, NOW)}
    # Bengt has no valid care decision: his lock case counts as an expired decision (R4).
    assert by_cause["Expired care decision"] == 2
    assert sum(int(n or 0) for n in by_cause.values()) == 11


def test_it_counts_the_cases_by_lock(week: Week) -> None:
    assert cases.cases_by_lock(tumba(week), START, END, NOW) == [
        ("Phoniro", "No area", 5),
        ("No lock", None, 4),  # the app twice, "something else", Sven (no lock registered)
        ("Glue G2", "Storby", 1),
    ]


def test_it_gives_median_and_90th_percentile_of_the_time_to_working_again(week: Week) -> None:
    rows = cases.restore_times(tumba(week), START, END, NOW)
    assert rows == [
        # 1, 2, 4, 10 h: median (2 + 4) / 2; 90th percentile by nearest rank: the 4th of 4.
        ("The lock", 4, 3.0, 10.0),
        ("The app", 1, 0.5, 0.5),
        ("Network or vendor platform", 1, 3.0, 3.0),
        ("Expired care decision", 0, None, None),
        ("Something else", 0, None, None),
        # 0.5, 1, 2, 3, 4, 10 h: median (2 + 3) / 2; the 6th of 6 (ceil(0.9 × 6) = 6).
        ("All causes", 6, 2.5, 10.0),
    ]


def test_it_counts_the_cases_per_day(week: Week) -> None:
    assert cases.cases_over_time(tumba(week), START, END, NOW) == [
        ("2026-11-02", 1),
        ("2026-11-03", 3),
        ("2026-11-04", 2),
        ("2026-11-05", 2),
        ("2026-11-06", 1),
        ("2026-11-07", 1),
        ("2026-11-08", 0),
    ]


def test_it_counts_per_week_in_a_long_period(week: Week) -> None:
    start, end = period_bounds(WEEK[0].replace(month=10, day=1), WEEK[1])
    rows = cases.cases_over_time(tumba(week), start, end, NOW)
    assert rows[0] == ("2026-09-28", 0)  # the Monday of 1 October's week
    assert rows[-2:] == [("2026-10-26", 0), ("2026-11-02", 10)]


def test_it_gives_the_share_of_night_patrol_messages_sent_before_the_deadline(week: Week) -> None:
    # On time: Friday. Late: Thursday (17:30). Missed: Monday evening and Saturday (due at
    # once, R10) and Sven's Tuesday case. Not needed: the five restored before 17:00.
    assert routine.night_patrol_messages(tumba(week), START, END, NOW) == [
        ("Sent before the deadline", 1, 20.0),
        ("Sent after the deadline", 1, 20.0),
        ("Not sent, deadline passed", 3, 60.0),
        ("Not needed: worked again before the deadline", 5, None),
        ("Deadline not reached yet", 0, None),
    ]


def test_it_gives_how_long_out_of_hours_and_weekend_cases_waited(week: Week) -> None:
    assert routine.off_hours_cases(tumba(week), START, END, NOW) == [
        ("Out of hours", 1, 1, 1.5, 1.5),  # Monday 20:00, Ulla at 21:30
        ("Weekend or holiday", 1, 1, 2.0, 2.0),  # Saturday 11:00, Kim at 13:00
    ]


def test_it_lists_locks_that_failed_three_times_or_more(week: Week) -> None:
    assert locks.repeated_failures(tumba(week), START, END, NOW) == [
        ("PH-1", "Phoniro", "No area", 5)
    ]


def test_it_lists_major_outages_with_duration_and_clients_affected(week: Week) -> None:
    assert outages.major_outages(tumba(week), START, END, NOW) == [
        ("2026-11-04 09:00", "2026-11-04 12:00", 3.0, str(OutageCause.NETWORK.label), 1)
    ]
    # Alby had no client in it.
    assert outages.major_outages([week.world.alby.pk], START, END, NOW) == []


def test_a_quiet_week_has_no_battery_faults_nor_keys_overdue(week: Week) -> None:
    assert locks.battery_faults(tumba(week), START, END, NOW) == []
    assert keys.keys_overdue(tumba(week), START, END, NOW) == []
