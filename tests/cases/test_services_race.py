"""Two reports of one lock at the same moment end in one case (R3, R6), on PostgreSQL.

The first report opens its case and holds its transaction open; the second
reads "no open case", tries to insert its own and waits on the first one's row
(the partial unique index). When the first commits, the second's insert fails
and case_open joins the case the first one opened. SQLite runs one writer at a
time (BEGIN IMMEDIATE), so the race cannot happen there.
"""

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection, connections, transaction

from vredvakt.cases.models import FaultCase
from vredvakt.cases.services.opening import case_open

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TIMEOUT = 30  # seconds; only reached when something is broken


def report(world: Any, user: Any) -> Any:
    return case_open(
        client=world.karin, kind="lock", source="care_worker", reported_by=user, now=NOW
    )


def in_thread(target: Any) -> threading.Thread:
    def run() -> None:
        try:
            target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def blocked_on_a_row_lock() -> bool:
    """Wait (without a fixed sleep) until some session of this database waits on a lock."""
    pause = threading.Event()
    with connection.cursor() as cursor:
        for _ in range(TIMEOUT * 100):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event = 'transactionid'"
            )
            if cursor.fetchone()[0]:
                return True
            pause.wait(0.01)
    return False


def test_two_racing_reports_of_one_lock_end_in_one_case(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: no race between read and write")
    opened, release = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def first() -> None:
        with transaction.atomic():
            results["first"] = report(world, world.kim)
            opened.set()
            release.wait(TIMEOUT)  # the case exists, but nobody else can see it yet

    def second() -> None:
        results["second"] = report(world, world.anna)

    first_thread = in_thread(first)
    assert opened.wait(TIMEOUT)
    second_thread = in_thread(second)
    waited = blocked_on_a_row_lock()
    release.set()
    first_thread.join(TIMEOUT)
    second_thread.join(TIMEOUT)

    assert waited, "the second report never reached the insert"
    assert results["first"].joined is False
    assert results["second"].joined is True
    assert results["second"].case.pk == results["first"].case.pk
    assert FaultCase.objects.count() == 1
    case = FaultCase.objects.get()
    assert case.timeline.get(kind="reported_again").actor == world.anna
    assert case.steps.count() == 9
