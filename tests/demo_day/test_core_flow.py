"""Demo day: a door that will not open, worked from the report to the deviation report.

Once at today's real clock, and at each frozen moment of `moments.MOMENTS`:
weekday morning, 16:59 (R9) and Monday 06:59; out of hours (R10b, #12) at
17:01, 19:30, 23:30, on a Friday evening and julafton's eve; Saturday, Sunday
23:59 and julafton (R10), and both daylight-saving nights. Every person
uses their own pages; a server error anywhere fails the test.
"""

from datetime import datetime

import pytest
import time_machine

from tests.demo_day.flow import work_the_case
from tests.demo_day.moments import MOMENTS, Expected, Moment, by_the_rules
from tests.demo_day.municipality import door_of, load_demo

pytestmark = pytest.mark.slow


def test_it_works_at_todays_real_clock(demo):
    case = work_the_case(door_of("norra"), by_the_rules)
    assert case["closed_at"] is not None


# The moments test the routine's clock (pure Python) through the pages; the database
# does the same at each, and the real-clock run above plays it on both. scripts/test
# runs them on SQLite, the demo's own database.
@pytest.mark.sqlite_only
@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_it_works_at_each_moment_of_the_week(db, moment: Moment):
    with time_machine.travel(moment.at, tick=False) as clock:
        load_demo()

        def expect(opened: datetime) -> Expected:
            assert opened == moment.at
            return moment.expected

        work_the_case(door_of("norra"), expect, next_working_day=clock.move_to)
