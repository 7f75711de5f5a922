"""Two changes at the same moment (#16): a deadlock is run again, not shown as an outage.

On an outage day a coordinator ticks a step of a case while another transaction
(the outage taking the case in) holds the audit chain's lock and wants the case's
row. PostgreSQL breaks the deadlock by rolling one back; the coordinator's click
is run again and succeeds, and nothing says the database was down.
"""

import json
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from tests.conftest import World
from vredvakt.api import database_error
from vredvakt.audit.chain import chain_lock
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import CaseStep, FaultCase
from vredvakt.cases.services.opening import case_open
from vredvakt.lib import unavailable
from vredvakt.lib.conflicts import is_conflict, retry_on_conflict

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's deadlock detection"),
]
STEP = "contact_needs_assessor"
WAIT_S = 30


def open_case_with_expired_decision(world: World) -> FaultCase:
    now = timezone.now()
    world.karin.care_decisions.update(valid_until=(now - timedelta(days=2)).date())
    return case_open(
        client=world.karin, kind="lock", source="care_worker", reported_by=world.anna, now=now
    ).case


def waiting_for_the_chain_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return bool(cursor.fetchone()[0])


class TheOtherChange(threading.Thread):
    """Holds the audit chain's lock, waits until someone queues behind it, then wants the case."""

    def __init__(self, case: FaultCase) -> None:
        super().__init__(daemon=True)
        self.case = case
        self.holding = threading.Event()
        self.done = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # This side never gives up first: the click is the one PostgreSQL rolls back.
                    cursor.execute("SET LOCAL deadlock_timeout = '60s'")
                chain_lock()
                self.holding.set()
                deadline = timezone.now() + timedelta(seconds=WAIT_S)
                while not waiting_for_the_chain_lock():  # a condition, polled
                    assert timezone.now() < deadline, "nobody queued behind the chain lock"
                FaultCase.objects.select_for_update().get(pk=self.case.pk)
        except BaseException as exc:  # reported to the test
            self.error = exc
        finally:
            connection.close()
            self.done.set()


@pytest.fixture
def other_change(world: World) -> Iterator[TheOtherChange]:
    change = TheOtherChange(open_case_with_expired_decision(world))
    change.start()
    assert change.holding.wait(WAIT_S)
    yield change
    assert change.done.wait(WAIT_S)


@pytest.fixture
def kim(world: World) -> Client:
    """Kim signed in before the other change holds the chain lock: signing in is
    audited too, and would queue behind it instead of the click."""
    http = Client(raise_request_exception=False)
    http.force_login(world.kim)
    return http


def test_a_coordinators_click_that_meets_a_deadlock_is_run_again_and_saved(
    world, kim, other_change, caplog
):
    case = other_change.case

    response = kim.post(f"/cases/{case.pk}/steps/{STEP}/done/")

    assert response.status_code == 302, response.content.decode()[:500]
    assert "run again after a conflict" in caplog.text  # the deadlock happened
    assert_both_saved_once(world, other_change)


def test_an_api_step_that_meets_a_deadlock_is_run_again_and_saved(world, kim, other_change, caplog):
    """The API makes a change as the page does (accounts/apitools.carried_out)."""
    case = other_change.case

    response = kim.post(f"/api/v1/cases/{case.pk}/steps/{STEP}/complete")

    assert response.status_code == 200, response.content.decode()[:500]
    assert "run again after a conflict" in caplog.text
    assert response.json()["status"] == "open"
    assert_both_saved_once(world, other_change)


def assert_both_saved_once(world: World, other_change: TheOtherChange) -> None:
    """The other change committed, Kim's step is done once, and no outage was counted."""
    assert other_change.done.wait(WAIT_S) and other_change.error is None
    step = CaseStep.objects.get(case=other_change.case, code=STEP)
    assert step.done_by_id == world.kim.pk
    entries = AuditEntry.objects.filter(action="case.step_done", object_id=str(step.case_id))
    assert entries.count() == 1
    assert unavailable.outage.since is None  # not an outage


def test_a_conflict_that_persists_asks_to_try_again_without_declaring_an_outage(
    world, other_change
):
    case = other_change.case
    caught: list[OperationalError] = []

    def tick() -> None:
        try:
            with transaction.atomic():
                FaultCase.objects.select_for_update().get(pk=case.pk)
                chain_lock()
        except OperationalError as exc:
            caught.append(exc)
            raise

    with pytest.raises(OperationalError):
        retry_on_conflict(tick, attempts=1)
    assert other_change.done.wait(WAIT_S) and other_change.error is None
    assert is_conflict(caught[0])

    # Pages go through the middleware; the API's own handler answers the same (it once
    # answered "the database cannot be reached" and counted an outage), and so does
    # handler500 for a conflict raised in a middleware (it once answered 500).
    request = RequestFactory().post("/api/v1/cases/1/steps/x/complete")
    middleware = unavailable.DatabaseUnavailableMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    for response in (
        middleware.process_exception(request, caught[0]),
        database_error(request, caught[0]),
        _handler500_while_handling(request, caught[0]),
    ):
        assert response is not None and response.status_code == 503
        assert response["Retry-After"] == "1"
        assert json.loads(response.content)["detail"] == (
            "Någon ändrade samma sak i samma ögonblick. Försök igen."
        )
    assert unavailable.outage.since is None


def _handler500_while_handling(request: HttpRequest, exc: Exception) -> HttpResponse:
    """What Django's handler500 answers for `exc`: it is called inside the except block."""
    try:
        raise exc
    except OperationalError:
        return unavailable.server_error(request)
