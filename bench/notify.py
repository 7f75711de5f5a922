"""Benchmark: notifications delivered per second by one and by two worker processes.

    DATABASE_URL=postgres://vredvakt@127.0.0.1:55432/postgres .venv/bin/python bench/notify.py

It creates (drops and re-creates) its own database, `notifybench` by default, on
the PostgreSQL server DATABASE_URL points at, migrates it and adds 500 unit
managers with an email address and a mobile number. For each run it starts the
workers (real `vredvakt worker` processes), waits until they are looping, then
queues one major-outage broadcast (R11/R13) to all unit managers: an email and
an SMS each, to a local SMTP sink (aiosmtpd) and a local HTTP SMS gateway. The
clock runs from the commit of the broadcast until the last row is delivered,
so it includes the workers' idle wake-up (at most 1 s) as in production.
Target: 500 recipients fully delivered in under 10 s with one worker.
"""

import argparse
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 10.0


def make_database(server_url: str, name: str) -> str:
    """Drop and create `name` on the server of `server_url`; return its URL."""
    base, _, _ = server_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def add_managers(count: int) -> None:
    from django.contrib.auth.models import User

    from vredvakt.accounts.models import ContactDetails, Membership, Role, Unit, UnitKind

    unit = Unit.objects.create(code="bench", name="Enhet Bench", kind=UnitKind.HOME_CARE)
    users = User.objects.bulk_create(
        User(username=f"chef{n}", email=f"chef{n}@bench.test", first_name=f"Chef {n}")
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, unit=unit, role=Role.UNIT_MANAGER) for user in users
    )
    ContactDetails.objects.bulk_create(
        ContactDetails(user=user, phone=f"070-{n + 1:07d}") for n, user in enumerate(users)
    )


def start_workers(
    count: int, database_url: str, smtp_port: int, sms_url: str
) -> list[subprocess.Popen[bytes]]:
    from tests.notifications.servers import SmsGateway

    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        SMS_GATEWAY_URL=sms_url,
        SMS_GATEWAY_USER=SmsGateway.USER,
        SMS_GATEWAY_PASSWORD=SmsGateway.PASSWORD,
    )
    command = [sys.executable, "-m", "vredvakt.manage", "worker"]
    return [
        subprocess.Popen([*command, "--id", f"bench-{n}"], env=env, cwd=ROOT) for n in range(count)
    ]


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True


def serve_sinks(pipe: Connection) -> None:
    """In its own process, so the sinks never compete with the bench for one GIL."""
    sys.path.insert(0, str(ROOT))
    from tests.notifications.servers import SmsGateway, SmtpSink

    smtp, sms = SmtpSink().start(), SmsGateway().start()
    pipe.send((smtp.port, sms.url))
    while pipe.recv() == "count":
        pipe.send(smtp.count() + len(sms.messages()))
    smtp.stop()
    sms.stop()


class Sinks:
    def __init__(self) -> None:
        self.pipe, child = multiprocessing.get_context("spawn").Pipe()
        self.process = multiprocessing.get_context("spawn").Process(
            target=serve_sinks, args=(child,), daemon=True
        )
        self.process.start()
        self.smtp_port, self.sms_url = self.pipe.recv()

    def received(self) -> int:
        self.pipe.send("count")
        return int(self.pipe.recv())

    def stop(self) -> None:
        self.pipe.send("stop")
        self.process.join(10)


def run(workers: int, database_url: str, sinks: Sinks) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from vredvakt.jobs.models import WorkerHeartbeat
    from vredvakt.notifications.models import Delivery, DeliveryStatus, Message
    from vredvakt.notifications.recipients import Group
    from vredvakt.notifications.services import notify

    Message.objects.all().delete()
    WorkerHeartbeat.objects.all().delete()
    cpu_before = _children_cpu()
    processes = start_workers(workers, database_url, sinks.smtp_port, sinks.sms_url)
    try:
        looping = WorkerHeartbeat.objects.filter(stopped_at__isnull=True)
        if not wait_until(lambda: looping.count() == workers, timeout=60):
            raise RuntimeError("the workers did not start")
        start = time.monotonic()
        with transaction.atomic():
            notify(
                recipients=[Group.ALL_UNIT_MANAGERS],
                template="major_outage",
                context={
                    "public": {"count": 480, "units": ["Enhet Bench"], "started_at": timezone.now()}
                },
                now=timezone.now(),
            )
        queued = time.monotonic()
        outbound = Delivery.objects.exclude(channel="in_app")
        total = outbound.count()
        pending = outbound.filter(status=DeliveryStatus.PENDING)
        if not wait_until(lambda: not pending.exists(), timeout=300):
            raise RuntimeError("not everything was delivered within 300 s")
        done = time.monotonic()
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(30)
    return {
        "workers": workers,
        "recipients": Message.objects.count(),
        "deliveries": total,
        "failed": outbound.exclude(status=DeliveryStatus.DELIVERED).count(),
        "queue_s": queued - start,
        "delivered_s": done - queued,
        "per_second": total / (done - queued),
        "worker_cpu_s": _children_cpu() - cpu_before,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="notifybench")
    parser.add_argument("--recipients", type=int, default=500)
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://user@127.0.0.1:5432/postgres"
        )
    database_url = make_database(server, args.database)
    setup_django(database_url)
    add_managers(args.recipients)

    from django.conf import settings

    sinks = Sinks()
    settings.SMS_GATEWAY_URL = sinks.sms_url  # so the broadcast queues SMS as well as email
    try:
        results = [run(workers, database_url, sinks) for workers in (1, 2)]
        received = sinks.received()
    finally:
        sinks.stop()
    print(f"\nMajor-outage broadcast, {args.recipients} recipients × (email + SMS), PostgreSQL")
    print(
        f"{'workers':>7} {'deliveries':>10} {'failed':>6} {'queue (s)':>9}"
        f" {'delivered in (s)':>16} {'per s':>7} {'worker CPU (s)':>14}"
    )
    for r in results:
        print(
            f"{r['workers']:>7} {r['deliveries']:>10} {r['failed']:>6} {r['queue_s']:>9.2f}"
            f" {r['delivered_s']:>16.2f} {r['per_second']:>7.0f} {r['worker_cpu_s']:>14.1f}"
        )
    print("(worker CPU includes about 1 s of Django start-up per process)")
    expected = sum(r["deliveries"] for r in results)
    print(f"received by the SMTP sink and SMS gateway: {received} (expected {expected})")
    one = results[0]
    verdict = "met" if one["delivered_s"] < TARGET_SECONDS else "NOT met"
    print(f"target (500 fully delivered in < {TARGET_SECONDS:.0f} s, one worker): {verdict}")


if __name__ == "__main__":
    main()
