"""A known week of fault cases in Enhet Tumba (and one in Alby), with fixed times.

The week is Monday 2 to Sunday 8 November 2026 (Stockholm, no clock change);
the clock stands at Monday 9 November 12:00. Every case goes through the real
services (case_open, case_restore, the night-patrol message, notes), so the
figures read what the product writes.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import transaction
from pytest_django import DjangoDbBlocker

from tests.conftest import World, build_world, make_client
from tests.demo_day.moments import local
from vredvakt.accounts.models import Unit
from vredvakt.cases.models import CaseKind, CaseSource, FaultCase
from vredvakt.cases.services.lifecycle import case_add_note, case_restore, cases_join_outage
from vredvakt.cases.services.night_patrol import night_patrol_message_send
from vredvakt.cases.services.opening import case_open
from vredvakt.clients.models import CareDecision, Client
from vredvakt.locks.models import Lock
from vredvakt.outages.models import MajorOutage, OutageCause, OutageSource, OutageStatus

NOW = local(2026, 11, 9, 12, 0)
WEEK = (date(2026, 11, 2), date(2026, 11, 8))


def client_with_decision(reference: str, first: str, unit: Unit, *, valid: bool) -> Client:
    client = make_client(reference, first, "Berg", unit)
    until = date(2027, 12, 31) if valid else date(2026, 10, 1)
    CareDecision.objects.create(
        reference=f"D-{reference}", client=client, valid_from=date(2026, 1, 1), valid_until=until
    )
    return client


def report(client: Client, kind: str, by: User, at: datetime) -> FaultCase:
    opening = case_open(
        client=client, kind=kind, source=CaseSource.CARE_WORKER, reported_by=by, now=at
    )
    return opening.case


@dataclass
class Week:
    world: World
    greta_lock: Lock


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def week(world: World, frozen: None) -> Week:
    return build_week(world)


@pytest.fixture(scope="module")
def week_of_module(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Week]:
    """The week built once for a module of tests that only read it (#11: a second each).

    It lives in a transaction rolled back at the module's end; each test runs in a
    savepoint of it (pytest-django's `db`), so what one test writes the next never sees.
    """
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False), transaction.atomic():
        yield build_week(build_world())
        transaction.set_rollback(True)


def build_week(w: World) -> Week:
    sven = client_with_decision("C-3", "Sven", w.tumba, valid=False)  # R4: decision expired
    greta = client_with_decision("C-4", "Greta", w.tumba, valid=True)
    greta_lock = Lock.objects.create(
        vendor="Glue", model="G2", vendor_lock_id="GL-9", area="Storby", client=greta
    )
    # Monday 20:00, after the coordinators' day: out of hours (R10b); Ulla acts at 21:30.
    other = report(w.karin, CaseKind.OTHER, w.anna, local(2026, 11, 2, 20, 0))
    case_add_note(case=other, by=w.ulla, text="Ringt vårdtagaren", now=local(2026, 11, 2, 21, 30))
    # The lock, restored after 1 h, 2 h, 4 h and 10 h.
    for opened, restored in (
        (local(2026, 11, 3, 10, 0), local(2026, 11, 3, 11, 0)),
        (local(2026, 11, 3, 12, 0), local(2026, 11, 3, 14, 0)),
        (local(2026, 11, 4, 10, 0), local(2026, 11, 4, 14, 0)),
        (local(2026, 11, 5, 9, 0), local(2026, 11, 5, 19, 0)),
    ):
        case = report(w.karin, CaseKind.LOCK, w.anna, opened)
        if opened.day == 5:  # R9: told the night patrol half an hour late
            _message(w, case, local(2026, 11, 5, 17, 30))
        case_restore(case=case, by=w.kim, now=restored)
    # Tuesday: Sven's lock "fails", but his decision expired (R4); left open.
    report(sven, CaseKind.LOCK, w.anna, local(2026, 11, 3, 10, 0))
    # Wednesday: Greta's lock is in a major outage of the network, 09:00–12:00.
    outage = MajorOutage.objects.create(
        status=OutageStatus.RESTORED,
        source=OutageSource.DECLARED,
        cause=OutageCause.NETWORK,
        opened_at=local(2026, 11, 4, 9, 0),
        restored_at=local(2026, 11, 4, 12, 0),
    )
    greta_case = report(greta, CaseKind.LOCK, w.anna, local(2026, 11, 4, 9, 0))
    cases_join_outage(cases=[greta_case.pk], outage_id=outage.pk, note="", now=greta_case.opened_at)
    case_restore(case=greta_case, by=w.kim, now=local(2026, 11, 4, 12, 0))
    # Thursday: the app, working again after half an hour.
    app = report(w.karin, CaseKind.APP, w.anna, local(2026, 11, 5, 10, 0))
    case_restore(case=app, by=w.kim, now=local(2026, 11, 5, 10, 30))
    # Friday: the lock again, the night patrol told in time (R9), still open.
    friday = report(w.karin, CaseKind.LOCK, w.anna, local(2026, 11, 6, 10, 0))
    _message(w, friday, local(2026, 11, 6, 16, 0))
    # Saturday 11:00: weekend (R10); Kim acts at 13:00.
    saturday = report(w.karin, CaseKind.APP, w.anna, local(2026, 11, 7, 11, 0))
    case_add_note(case=saturday, by=w.kim, text="Bokat tekniker", now=local(2026, 11, 7, 13, 0))
    # Outside the figures: Alby's case (another unit), and one after the week.
    report(w.bengt, CaseKind.LOCK, w.otto, local(2026, 11, 4, 10, 0))
    report(greta, CaseKind.APP, w.anna, local(2026, 11, 9, 9, 0))
    return Week(world=w, greta_lock=greta_lock)


def _message(w: World, case: FaultCase, at: datetime) -> None:
    night_patrol_message_send(unit=w.tumba, case_ids=[case.pk], text="", by=w.kim, now=at)
