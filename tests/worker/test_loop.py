"""The loop calls every registered due-work handler; one failing does not stop the rest."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from vredvakt.jobs import loop as worker
from vredvakt.jobs.loop import Tick, due_work, run_tick
from vredvakt.jobs.models import WorkerHeartbeat

NOW = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


@pytest.fixture
def isolated_handlers(monkeypatch):
    monkeypatch.setattr(worker, "_handlers", {})


def test_the_apps_register_their_steps():
    assert {"jobs", "notifications.deliver", "notifications.escalate"} <= set(worker.handlers())


def test_a_failing_handler_does_not_stop_the_others(isolated_handlers):
    seen = []

    @due_work("tests.broken")
    def broken(tick: Tick) -> int:
        raise ValueError("bug")

    @due_work("tests.fine")
    def fine(tick: Tick) -> int:
        seen.append(tick.now)
        return 2

    assert run_tick(Tick(now=NOW)) == 2
    assert seen == [NOW]


def test_a_stopping_tick_runs_nothing_more(isolated_handlers):
    @due_work("tests.never")
    def never(tick: Tick) -> int:
        raise AssertionError("should not run")

    tick = Tick(now=NOW)
    tick.stop.set()
    assert run_tick(tick) == 0


@pytest.mark.django_db(transaction=True)  # the loop closes stale connections, as in production
def test_the_worker_command_loops_and_records_its_heartbeat():
    call_command("worker", "--id", "once", "--ticks", "2", "--idle", "0")
    beat = WorkerHeartbeat.objects.get(worker_id="once")
    assert beat.stopped_at is not None
    assert beat.last_loop_at >= beat.started_at
