"""Healing in seconds (#16): short leases renewed while a worker works, claims handed
back when the database returns and when a worker starts, a stable worker id, and
the one duplicate a crash can cause counted, with the same Message-ID."""

import logging
import socket
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests.conftest import World, make_user
from tests.notifications.servers import SmtpSink, free_port
from tests.unreachable import DatabaseSwitch, database_unreachable
from tests.worker.process import start_worker, stop, wait_for
from vredvakt.accounts.models import Role
from vredvakt.front.management.commands.serve import _worker_command
from vredvakt.jobs import loop
from vredvakt.jobs.claims import claim_due, claims_forget, claims_renew
from vredvakt.jobs.loop import Tick, Worker, default_worker_id, due_work
from vredvakt.jobs.models import JobState, ScheduledJob, WorkerHeartbeat
from vredvakt.notifications.delivery import deliver_lane, send_begin
from vredvakt.notifications.delivery_health import duplicates_by_channel
from vredvakt.notifications.models import Delivery, DeliveryStatus
from vredvakt.notifications.recipients import Group
from vredvakt.notifications.services import notify
from vredvakt.notifications.transports.email import message_id

NOW = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def make_jobs(count: int) -> None:
    ScheduledJob.objects.bulk_create(
        ScheduledJob(kind="tests.noop", due_at=NOW, key=str(uuid.uuid4()), created_at=NOW)
        for _ in range(count)
    )


def due_jobs():
    return ScheduledJob.objects.filter(state=JobState.PENDING, due_at__lte=NOW)


def broadcast(world: World, managers: int, now: datetime) -> set[str]:
    """R13: a major outage to every unit manager; the Message-IDs expected."""
    for n in range(managers - 1):  # plus Ulla
        make_user(f"chef{n}", (world.tumba, Role.UNIT_MANAGER))
    notify(
        recipients=[Group.ALL_UNIT_MANAGERS],
        template="major_outage",
        context={"public": {"count": 48, "units": ["Enhet Tumba"], "started_at": now}},
        now=now,
    )
    return {message_id(d) for d in emails()}


def emails():
    return Delivery.objects.filter(channel="email")


def due_emails(now: datetime):
    return emails().filter(status=DeliveryStatus.PENDING, due_at__lte=now)


def sent_ids() -> list[str]:
    return [m.extra_headers["Message-ID"] for m in mail.outbox]


@pytest.mark.django_db
def test_a_working_worker_keeps_its_rows_and_a_dead_ones_return_within_a_lease():
    make_jobs(4)
    alive = {j.pk for j in claim_due(due_jobs(), now=NOW, lease=LEASE, worker_id="alive", limit=2)}
    dead = {j.pk for j in claim_due(due_jobs(), now=NOW, lease=LEASE, worker_id="dead", limit=2)}
    assert claims_renew(worker_id="alive", now=NOW + timedelta(seconds=20), lease=LEASE) == 2
    after_a_lease = NOW + LEASE + timedelta(seconds=1)
    taken = claim_due(due_jobs(), now=after_a_lease, lease=LEASE, worker_id="heir", limit=4)
    assert {j.pk for j in taken} == dead
    claims_forget("alive")  # its tick is over: nothing more to renew
    assert claims_renew(worker_id="alive", now=after_a_lease, lease=LEASE) == 0
    assert set(ScheduledJob.objects.filter(claimed_by="alive").values_list("pk", flat=True)) == (
        alive
    )


@pytest.mark.django_db(transaction=True)
def test_when_the_database_returns_the_worker_hands_back_its_rows_at_once(
    world: World, tmp_path: Path, caplog
):
    expected = broadcast(world, 6, timezone.now())
    # What the worker held when its database went away (a lease of 30 s left).
    held = claim_due(
        due_emails(timezone.now()), now=timezone.now(), lease=LEASE, worker_id="w-blip", limit=50
    )
    assert len(held) == 6
    worker = Worker("w-blip", idle_seconds=0)
    with caplog.at_level(logging.INFO, logger="vredvakt.worker"):
        with database_unreachable(tmp_path):
            worker.run(max_ticks=3)
        assert mail.outbox == []
        worker.run(max_ticks=1)  # the database is back
    assert set(sent_ids()) == expected  # at once, not after the lease
    assert len(sent_ids()) == len(expected)
    assert not emails().exclude(status=DeliveryStatus.DELIVERED).exists()
    messages = [r.getMessage() for r in caplog.records]
    assert len([m for m in messages if "database unavailable" in m]) == 1  # not one per try
    assert len([m for m in messages if "database back after" in m]) == 1


@pytest.mark.django_db(transaction=True)
def test_a_worker_starting_under_its_id_takes_back_what_its_dead_run_held(world: World):
    expected = broadcast(world, 3, timezone.now())
    claim_due(
        due_emails(timezone.now()), now=timezone.now(), lease=LEASE, worker_id="w-again", limit=50
    )
    Worker("w-again", idle_seconds=0).run(max_ticks=1)
    assert set(sent_ids()) == expected


@pytest.mark.django_db
def test_a_late_worker_does_not_send_a_row_another_worker_took_over(world: World):
    broadcast(world, 1, NOW)
    [late] = claim_due(due_emails(NOW), now=NOW, lease=LEASE, worker_id="slow", limit=1)
    later = NOW + LEASE + timedelta(seconds=1)
    [fresh] = claim_due(due_emails(later), now=later, lease=LEASE, worker_id="quick", limit=1)
    deliver_lane([late], Tick(now=later, worker_id="slow"))
    assert mail.outbox == []
    deliver_lane([fresh], Tick(now=later, worker_id="quick"))
    assert len(mail.outbox) == 1
    assert Delivery.objects.get(pk=fresh.pk).suspected_duplicates == 0


@pytest.mark.django_db
def test_a_resend_after_a_worker_died_mid_send_is_counted_and_keeps_its_message_id(
    world: World,
):
    [expected] = broadcast(world, 1, NOW)
    [row] = claim_due(due_emails(NOW), now=NOW, lease=LEASE, worker_id="dead", limit=1)
    assert send_begin(row, now=NOW)  # …and the process was killed before recording it
    later = NOW + LEASE + timedelta(seconds=1)
    [again] = claim_due(due_emails(later), now=later, lease=LEASE, worker_id="heir", limit=1)
    deliver_lane([again], Tick(now=later, worker_id="heir"))
    assert sent_ids() == [expected]
    row.refresh_from_db()
    assert row.status == DeliveryStatus.DELIVERED
    assert row.suspected_duplicates == 1
    assert row.send_started_at is None
    assert duplicates_by_channel() == {"email": 1}


def test_the_worker_id_is_stable_across_restarts_not_the_pid(settings):
    settings.WORKER_ID = ""
    assert default_worker_id() == f"{socket.gethostname()}:worker"
    settings.WORKER_ID = "vard-2:worker-3"
    assert default_worker_id() == "vard-2:worker-3"
    settings.WORKER_ID = ""
    command = _worker_command(8000)
    assert command[-2:] == ["--id", f"{socket.gethostname()}:serve-8000"]


@pytest.mark.django_db(transaction=True)
def test_a_send_the_database_could_not_record_is_recorded_when_it_returns_not_sent_again(
    world: World, tmp_path: Path, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, whose server can end the worker's connection")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.DEFAULT_FROM_EMAIL = "127.0.0.1", "vredvakt@kommun.test"
    sink = SmtpSink().start()
    settings.EMAIL_PORT = sink.port
    expected = broadcast(world, 4, timezone.now())
    switch = DatabaseSwitch(tmp_path)

    def database_goes_down_during_the_first_send() -> None:
        sink.on_data = None
        switch.cut()
        switch.drop_connections()

    sink.on_data = database_goes_down_during_the_first_send
    worker = Worker("w-cut", idle_seconds=0)
    try:
        try:
            worker.run(max_ticks=2)
        finally:
            switch.restore()
        assert sink.count() == 1  # sent, then the database was gone
        worker.run(max_ticks=2)  # the database is back
    finally:
        sink.stop()
    received = sink.per_message_id()
    assert set(received) == expected
    assert set(received.values()) == {1}  # the first was recorded, not sent again
    assert not emails().exclude(status=DeliveryStatus.DELIVERED).exists()
    assert sum(duplicates_by_channel().values()) == 0


@pytest.mark.django_db(transaction=True)
def test_a_second_worker_under_the_id_of_a_running_one_refuses_to_start():
    running = start_worker("w-twin", free_port())
    try:
        wait_for(lambda: WorkerHeartbeat.objects.filter(worker_id="w-twin").exists())
        with pytest.raises(CommandError, match="w-twin"):
            call_command("worker", "--id", "w-twin", "--ticks", "1", "--idle", "0")
        assert WorkerHeartbeat.objects.get(worker_id="w-twin").stopped_at is None
    finally:
        assert stop(running) == 0
    call_command("worker", "--id", "w-twin", "--ticks", "1", "--idle", "0")  # gone: fine


@pytest.mark.django_db(transaction=True)
def test_a_failing_statement_is_logged_with_its_traceback_and_its_rows_handed_back(
    monkeypatch, caplog
):
    # The rows are handed back at the next tick; the loop goes on.
    monkeypatch.setattr(loop, "_handlers", {})
    make_jobs(3)

    @due_work("tests.broken_sql")
    def broken(tick: Tick) -> int:
        [job, *_] = claim_due(due_jobs(), now=NOW, lease=LEASE, worker_id=tick.worker_id, limit=3)
        # A bug, not an outage: a second job under a key already taken.
        ScheduledJob.objects.create(kind="x", due_at=NOW, key=job.key, created_at=NOW)
        return 3

    with caplog.at_level(logging.INFO, logger="vredvakt.worker"):
        Worker("w-bug", idle_seconds=0).run(max_ticks=1)
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.exc_info is not None
    assert "unavailable" not in error.getMessage()
    assert ScheduledJob.objects.filter(claimed_by="w-bug").exists()  # until the next tick
    monkeypatch.setattr(loop, "_handlers", {})
    Worker("w-bug", idle_seconds=0).run(max_ticks=1)
    assert not ScheduledJob.objects.filter(claimed_by="w-bug").exists()
