"""Times for people (UX.md): local, in Swedish, never "0 min" before the time has come."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from vredvakt.lib.humane import duration, human_time, long_duration, relative

# Tuesday 10 March 2026, 10:00 in Stockholm.
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (NOW + timedelta(hours=6, minutes=42), "kl. 16:42"),
        (NOW + timedelta(hours=22), "i morgon kl. 08:00"),
        (NOW - timedelta(hours=12), "i går kl. 22:00"),
        (NOW + timedelta(days=6), "mån 16 mar kl. 10:00"),
    ],
)
def test_a_moment_reads_as_the_local_wall_clock(moment, text):
    assert human_time(moment, NOW) == text


def test_a_countdown_rounds_up_to_the_minute():
    assert duration(timedelta(minutes=17, seconds=1)) == "18 min"
    assert duration(timedelta(seconds=5)) == "1 min"
    assert duration(timedelta(hours=1)) == "1 h"
    assert duration(timedelta(hours=3, minutes=18)) == "3 h 18 min"


def test_a_key_span_keeps_its_minutes_and_turns_to_days_from_two_days():
    assert long_duration(timedelta(hours=12)) == "12 h 0 min"
    assert long_duration(timedelta(minutes=4, seconds=30)) == "5 min"
    assert long_duration(timedelta(days=2, hours=5)) == "2 dygn"


def test_relative_says_which_way():
    assert relative(NOW + timedelta(minutes=18), NOW) == "om 18 min"
    assert relative(NOW - timedelta(hours=2, minutes=5), NOW) == "för 2 h 5 min sedan"
