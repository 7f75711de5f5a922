"""Lock availability over a known telemetry history matches the hand-worked figure (#15 item 4)."""

from collections.abc import Iterator
from datetime import datetime

import pytest
from django.utils import translation

from tests.conftest import World
from tests.demo_day.moments import local
from tests.reports.conftest import WEEK, client_with_decision, report
from vredvakt.cases.models import CaseKind
from vredvakt.cases.services.lifecycle import case_restore
from vredvakt.clients.models import Client
from vredvakt.locks.models import Integration, Lock, LockEvent
from vredvakt.locks.telemetry import EventType
from vredvakt.reports.figures.availability import lock_availability
from vredvakt.reports.forms import period_bounds

START, END = period_bounds(*WEEK)  # 168 hours
AFTER = local(2026, 11, 9, 12, 0)
DAY = 24 * 3600


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def history(lock: Lock, *events: tuple[str, datetime]) -> None:
    glue = Integration.objects.create(name="glue", vendor="Glue", secret="s", created_at=START)
    LockEvent.objects.bulk_create(
        LockEvent(
            integration=glue,
            event_id=str(number),
            vendor_lock_id=lock.vendor_lock_id,
            lock=lock,
            type=kind,
            at=at,
            received_at=at,
        )
        for number, (kind, at) in enumerate(events)
    )


def noon(day: int, month: int = 11, hour: int = 12, minute: int = 0) -> datetime:
    return local(2026, month, day, hour, minute)


def greta(lock: Lock) -> Client:
    assert lock.client is not None
    return lock.client


@pytest.fixture
def glue_lock(world: World) -> Lock:
    greta = client_with_decision("C-4", "Greta", world.tumba, valid=True)
    # A heartbeat a day is expected; silent once a day and the 10-minute grace have passed.
    return Lock.objects.create(
        vendor="Glue",
        model="G2",
        vendor_lock_id="GL-9",
        area="Storby",
        client=greta,
        heartbeat_interval_s=DAY,
    )


def test_availability_is_the_time_neither_telemetry_nor_a_case_says_the_lock_is_down(
    world: World, glue_lock: Lock
) -> None:
    beat = EventType.HEARTBEAT
    daily = [(beat, noon(day, 10)) for day in (30, 31)] + [(beat, noon(1)), (beat, noon(2))]
    history(
        glue_lock,
        *daily,
        # No heartbeat on the 3rd: silent from 3 Nov 12:10 until 4 Nov 12:00 (23 h 50 min).
        (beat, noon(4)),
        # Jammed 14:00–18:00 on the 5th (4 h): only a successful unlock ends a jam.
        (beat, noon(5)),
        (EventType.JAMMED, noon(5, hour=14)),
        (EventType.HEARTBEAT, noon(5, hour=16)),
        (EventType.UNLOCK_OK, noon(5, hour=18)),
        # The vendor says offline at 13:00; declared so after the grace, 13:10, until 15:00.
        (beat, noon(6)),
        (EventType.OFFLINE, noon(6, hour=13)),
        (EventType.ONLINE, noon(6, hour=15)),
        (beat, noon(7)),
        (beat, noon(8)),
    )
    # A case 4 Nov 10:00–14:00 overlaps the silence: it adds 12:00–14:00 (2 h) only.
    overlapping = report(greta(glue_lock), CaseKind.LOCK, world.anna, noon(4, hour=10))
    case_restore(case=overlapping, by=world.kim, now=noon(4, hour=14))
    # A case 7 Nov 10:00–13:00 while telemetry says all is well: 3 h.
    alone = report(greta(glue_lock), CaseKind.LOCK, world.anna, noon(7, hour=10))
    case_restore(case=alone, by=world.kim, now=noon(7, hour=13))
    # An app case says nothing about the lock.
    report(greta(glue_lock), CaseKind.APP, world.anna, noon(8, hour=10))

    rows = lock_availability([world.tumba.pk], START, END, AFTER)

    # 23 h 50 min + 2 h + 4 h + 1 h 50 min + 3 h = 34 h 40 min of 168 h: 79.37 %.
    assert rows == [
        ("Glue G2", "Storby", 1, 168.0, 34.7, 79.37),
        ("Phoniro", "No area", 1, 168.0, 0.0, 100.0),  # Karin's lock: no event, no case
    ]


def test_a_period_not_over_counts_up_to_now(world: World, glue_lock: Lock) -> None:
    # Last heard 1 Nov 23:50: silent from 3 Nov 00:00; the week has run 2 days of 48 h.
    history(glue_lock, (EventType.HEARTBEAT, noon(1, hour=23, minute=50)))
    rows = lock_availability([world.tumba.pk], START, END, noon(4, hour=0))
    assert rows[0] == ("Glue G2", "Storby", 1, 48.0, 24.0, 50.0)


def test_a_unit_manager_sees_only_the_locks_of_her_units(world: World, glue_lock: Lock) -> None:
    rows = lock_availability([world.alby.pk], START, END, AFTER)
    assert rows == [("Phoniro", "No area", 1, 168.0, 0.0, 100.0)]  # Bengt's lock only
