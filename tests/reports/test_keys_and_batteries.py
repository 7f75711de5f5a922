"""Keys not back in time and battery-caused faults, over a known week (#15 item 3)."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import translation

from tests.conftest import World
from tests.demo_day.moments import local
from tests.reports.conftest import NOW, WEEK, report
from vredvakt.cases.models import CaseKind
from vredvakt.keys.loans import key_return, key_sign_out
from vredvakt.keys.models import Key
from vredvakt.locks.models import Lock
from vredvakt.outages.models import BatteryTask
from vredvakt.reports.figures import keys, locks
from vredvakt.reports.forms import period_bounds

START, END = period_bounds(*WEEK)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_it_counts_the_loans_due_back_in_the_week_that_came_back_late_or_not(
    world: World, frozen: None
) -> None:
    def loan(key: Key, day: int, back_after: float | None) -> None:
        out = local(2026, 11, day, 10, 0)
        made = key_sign_out(
            key=key, by=world.anna, now=out, reason="Besök", due_back_at=out + timedelta(hours=2)
        )
        if back_after is not None:
            key_return(loan=made, by=world.anna, now=out + timedelta(hours=back_after))

    loan(world.karin_unit_key, 3, 1)  # back in time
    loan(world.karin_unit_key, 4, 3)  # an hour late
    loan(world.karin_night_key, 6, None)  # never back
    loan(world.karin_unit_key, 9, None)  # due back after the week
    loan(world.bengt_unit_key, 4, 5)  # Alby's key
    tumba = keys.keys_overdue([world.tumba.pk], START, END, NOW)
    assert tumba == [("Enhet Tumba", 3, 1, 1)]
    both = keys.keys_overdue([world.tumba.pk, world.alby.pk], START, END, NOW)
    assert both == [("Enhet Alby", 1, 1, 0), ("Enhet Tumba", 3, 1, 1)]


def test_it_counts_battery_warnings_and_the_faults_a_critical_battery_caused(
    world: World, frozen: None
) -> None:
    karin_lock = world.karin_lock
    Lock.objects.filter(pk=karin_lock.pk).update(model="PL-200")
    fault = report(world.karin, CaseKind.LOCK, world.anna, local(2026, 11, 5, 9, 0))
    for day, case in ((3, None), (5, fault), (10, None)):  # the 10th is after the week
        BatteryTask.objects.create(
            lock=karin_lock,
            opened_at=local(2026, 11, day, 8, 0),
            battery_at_open=15,
            critical_case=case,
            closed_at=local(2026, 11, day, 18, 0),
        )
    BatteryTask.objects.create(
        lock=world.bengt_lock, opened_at=local(2026, 11, 4, 8, 0), battery_at_open=18
    )
    assert locks.battery_faults([world.tumba.pk], START, END, NOW) == [("Phoniro PL-200", 2, 1)]
