"""The demo municipality as `vredvakt demo-data` loads it; no hand-made data.

`demo-data` takes about 0.3 s (SQLite and PostgreSQL alike), so each test
loads it afresh inside its own transaction (and inside its own frozen clock:
care decisions are placed relative to "today"). Nothing is committed, so the
rest of the suite never sees the demo.

The people are the demo's personas (vredvakt/demo/organisation.py): Anna, care
worker, Kim, coordinator, and Ulla, unit manager, of Hemtjänst Norra; Hanna the
needs assessor; Lars of the alarm group and Lena its unit manager; Nils of the
night patrol; Olof the operations manager; Adam the administrator; Erik,
coordinator at the private provider Omsorgshuset AB.
"""

from collections.abc import Iterator

import pytest
import time_machine

from tests.demo_day.municipality import TUESDAY_MORNING, TUESDAY_NIGHT, load_demo


@pytest.fixture
def demo(db: None) -> None:
    """The demo municipality at the real clock (tests that freeze time load it themselves)."""
    load_demo()


@pytest.fixture
def tuesday_morning(db: None) -> Iterator[time_machine.Traveller]:
    """Tuesday 8 December 2026, 09:30 in Vredby: a weekday, the day shift; the clock stands."""
    with time_machine.travel(TUESDAY_MORNING, tick=False) as clock:
        load_demo()
        yield clock


@pytest.fixture
def tuesday_night(db: None) -> Iterator[time_machine.Traveller]:
    """The same Tuesday at 23:30: the night shift (R2); the clock stands."""
    with time_machine.travel(TUESDAY_NIGHT, tick=False) as clock:
        load_demo()
        yield clock
