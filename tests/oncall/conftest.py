"""The roster of the tests: Berit is on call for Enhet Tumba on weekday nights and weekends.

Berit coordinates at Alby. Kim (coordinator) and Ulla (unit manager) of Tumba are at home then;
Alby itself has no roster at all.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from tests.conftest import World, make_user
from vredvakt.accounts.models import Role
from vredvakt.oncall.services import oncall_slot_set

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


# Tuesday 24 November 2026, winter time.
TUESDAY = local(2026, 11, 24, 10)

# The usual Swedish pattern: Mon–Thu 17:00 to 07:00 the next morning, Fri 17:00 to Mon 07:00.
WEEK_NIGHTS = [(day, time(17), day + 1, time(7)) for day in range(4)] + [(4, time(17), 0, time(7))]


@pytest.fixture
def berit(world: World) -> User:
    return make_user("berit", (world.alby, Role.COORDINATOR))


@pytest.fixture
def tumba_roster(world: World, berit: User) -> User:
    for weekday, starts, end_weekday, ends in WEEK_NIGHTS:
        oncall_slot_set(
            actor=world.ulla,
            unit=world.tumba,
            person=berit,
            weekday=weekday,
            starts=starts,
            end_weekday=end_weekday,
            ends=ends,
            via="web",
            now=TUESDAY,
        )
    return berit
