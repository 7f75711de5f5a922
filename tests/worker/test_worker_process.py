"""Real `vredvakt worker` processes: SIGTERM, SIGKILL mid-batch, two workers at once.

These run against the test database in transactional mode, so the worker
processes see the rows this test commits.
"""

import signal
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone

from tests.conftest import World, make_user
from tests.notifications.servers import SmtpSink
from tests.worker.process import start_worker, stop, wait_for
from vredvakt.accounts.models import Role
from vredvakt.jobs.models import WorkerHeartbeat
from vredvakt.notifications.models import AttemptOutcome, Delivery, DeliveryStatus
from vredvakt.notifications.recipients import Group
from vredvakt.notifications.services import notify
from vredvakt.notifications.transports.email import message_id

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def sink(settings) -> Iterator[SmtpSink]:
    settings.DEFAULT_FROM_EMAIL = "vredvakt@kommun.test"  # as the workers' (Message-ID domain)
    server = SmtpSink().start()
    yield server
    server.stop()


@pytest.fixture
def workers() -> Iterator[list]:
    started: list = []
    yield started
    for process in started:  # never leave a worker behind on the test database
        if process.poll() is None:
            process.kill()
            process.wait()


def add_managers(world: World, count: int) -> None:
    for n in range(count - 1):  # plus Ulla
        make_user(f"chef{n}", (world.tumba, Role.UNIT_MANAGER))


def queue_broadcast() -> set[str]:
    """R13: a major outage to every unit manager; returns the expected Message-IDs."""
    notify(
        recipients=[Group.ALL_UNIT_MANAGERS],
        template="major_outage",
        context={"public": {"count": 48, "units": ["Enhet Tumba"], "started_at": timezone.now()}},
        now=timezone.now(),
    )
    return {message_id(d) for d in emails()}


def broadcast(world: World, managers: int) -> set[str]:
    add_managers(world, managers)
    expected = queue_broadcast()
    assert len(expected) == managers
    return expected


def looping(*worker_ids: str) -> bool:
    return WorkerHeartbeat.objects.filter(worker_id__in=worker_ids).count() == len(worker_ids)


def emails() -> QuerySet[Delivery]:
    return Delivery.objects.filter(channel="email")


def delivered() -> int:
    return emails().filter(status=DeliveryStatus.DELIVERED).count()


def assert_recorded_exactly_once() -> None:
    for delivery in emails():
        outcomes = Counter(a.outcome for a in delivery.attempt_log.all())
        assert delivery.status == DeliveryStatus.DELIVERED
        assert outcomes[AttemptOutcome.DELIVERED] == 1, delivery.pk


def test_sigterm_finishes_the_row_in_hand_and_exits_0(world: World, sink, workers):
    sink.delay = 0.05
    expected = broadcast(world, 80)
    workers.append(worker := start_worker("w-term", sink.port))
    wait_for(lambda: sink.count() >= 3)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(30) == 0
    assert 3 <= delivered() < len(expected)
    assert sink.count() == delivered()  # nothing sent without being recorded
    assert not emails().filter(claim_token__isnull=False).exists()  # the rest handed back
    assert WorkerHeartbeat.objects.get(worker_id="w-term").stopped_at is not None


def test_a_worker_killed_mid_batch_and_restarted_delivers_every_row_once(
    world: World, sink, workers
):
    sink.delay = 0.01
    expected = broadcast(world, 150)
    lanes = 4  # rows in flight at once in this worker
    workers.append(first := start_worker("w-kill", sink.port, "--threads", str(lanes)))
    wait_for(lambda: sink.count() >= 30)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert delivered() < len(expected)
    # Restarted under the same id, it takes back what the dead process had claimed.
    workers.append(second := start_worker("w-kill", sink.port, "--threads", str(lanes)))
    wait_for(lambda: delivered() == len(expected))
    assert stop(second) == 0
    received = sink.per_message_id()
    assert set(received) == expected  # none lost
    # At-least-once: only a message in flight at the kill (one per lane at most) may
    # have gone out twice, and then with the same Message-ID, so the receiving
    # server can drop it. Everything else went out exactly once.
    duplicates = [mid for mid, count in received.items() if count > 1]
    assert len(duplicates) <= lanes
    assert max(received.values()) <= 2
    assert_recorded_exactly_once()


def test_two_workers_share_the_outbox_and_never_send_a_row_twice(world: World, sink, workers):
    # Runs on SQLite too (one writer at a time, same conditional UPDATE); the
    # PostgreSQL run is the one where claims really race (SKIP LOCKED, 4 lanes each).
    sink.delay = 0.005
    add_managers(world, 200)
    workers.append(a := start_worker("w-a", sink.port))
    workers.append(b := start_worker("w-b", sink.port))
    wait_for(lambda: looping("w-a", "w-b"))  # both racing from the first row
    expected = queue_broadcast()
    wait_for(lambda: delivered() == len(expected))
    assert stop(a) == 0
    assert stop(b) == 0
    received = sink.per_message_id()
    assert set(received) == expected
    assert set(received.values()) == {1}
    assert_recorded_exactly_once()
    by_worker = Counter(a.worker_id for d in emails() for a in d.attempt_log.all())
    assert set(by_worker) == {"w-a", "w-b"}  # both did part of the work


def test_healthz_reports_a_running_worker(world: World, sink, workers):
    workers.append(worker := start_worker("w-health", sink.port))
    wait_for(lambda: looping("w-health"))
    response = Client().get("/healthz/system")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["worker"]["ok"] is True
    assert stop(worker) == 0
    last = WorkerHeartbeat.objects.get(worker_id="w-health").last_loop_at
    assert timezone.now() - last < timedelta(seconds=30)
