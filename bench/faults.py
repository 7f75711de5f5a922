"""Fault test (#16 item 6): PostgreSQL stopped for 20 s and workers SIGKILLed mid-delivery.

    .venv/bin/python bench/faults.py            # about 2 minutes; exit code 1 if a check fails

It starts everything it needs on loopback ports and removes it afterwards:
its own PostgreSQL 15 cluster (fsync on, as in production; run as the postgres
user when this runs as root), gunicorn (2 web processes), two `vredvakt
worker` processes (4 lanes each), a real SMTP server (aiosmtpd) and a fake SMS
gateway (HTTP), both answering a little slowly, so a broadcast takes a while.

Then, while --senders client threads post signed telemetry events without
pause (each retrying an event after a 503 as its Retry-After says), it queues a
major-outage broadcast to --managers unit managers (an email and an SMS each)
and:

  1. SIGKILLs worker A mid-delivery and restarts it at once under the same id;
  2. stops PostgreSQL for --outage seconds and starts it again;
  3. SIGKILLs worker B mid-delivery and restarts it under a new id (as a
     supervisor that does not keep ids would), so its rows come back only when
     their lease runs out.

Afterwards it checks and prints: every event answered 202 is stored; every
sender that got a 503 got its event in later; no answer other than 202 and 503
(no 500); every notification delivered; duplicates (a Message-ID or SMS
reference received more than once) at most one per lane per kill; the last
delivery within 60 s of the database's return.
"""

import argparse
import contextlib
import hashlib
import hmac
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SECRET = "faults-bench-secret"
LANES = 4
LOCKS = 200
HEAL_LIMIT_S = 60.0
# Each sender posts an event every PAUSE_S plus the answer's time (about 40/s each
# on an idle machine): steady load that leaves the cores to the workers too.
PAUSE_S = 0.02
# A sender keeps retrying one event this long before it reports it lost.
GIVE_UP_AFTER_S = 90.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A throwaway PostgreSQL cluster with fsync on, stopped and started on demand."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="vredvakt-faults-"))
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "vredvakt")
        self.url = f"postgres://vredvakt@127.0.0.1:{port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [str(PG_BIN / program), *args]
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def start(self, *, fsync: bool = True) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        options += f" -c fsync={'on' if fsync else 'off'}"
        options += " -c max_connections=100"
        data, log = str(self.dir / "data"), str(self.dir / "log")
        self._run("pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-w", "-m", "fast", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def serve_sinks(pipe: Connection) -> None:
    """The SMTP server and the SMS gateway, in a process of their own (no shared GIL)."""
    sys.path.insert(0, str(ROOT))
    from tests.notifications.servers import SmsGateway, SmtpSink

    class SlowGateway(SmsGateway):
        def handle(self, request: Any) -> None:
            time.sleep(0.03)  # as slow as the SMTP server: a broadcast takes a while
            # The worker that asked may have been killed meanwhile: that is the test.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().handle(request)

    smtp, sms = SmtpSink(delay=0.03).start(), SlowGateway().start()
    pipe.send((smtp.port, sms.url))
    while pipe.recv() == "report":
        mails = smtp.messages()
        pipe.send(
            {
                "emails": Counter(m.message_id for m in mails),
                "sms": Counter(s.reference for s in sms.messages()),
                "count": len(mails) + len(sms.messages()),
            }
        )
    smtp.stop()
    sms.stop()


class Sinks:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipe, child = context.Pipe()
        self.process = context.Process(target=serve_sinks, args=(child,), daemon=True)
        self.process.start()
        self.smtp_port, self.sms_url = self.pipe.recv()

    def report(self) -> dict[str, Any]:
        self.pipe.send("report")
        report: dict[str, Any] = self.pipe.recv()
        return report

    def stop(self) -> None:
        self.pipe.send("stop")
        self.process.join(10)


def sign(timestamp: str, body: bytes) -> str:
    digest = hmac.new(SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


@dataclass
class Sender:
    """A vendor's system: posts one event after another, retrying after a 503."""

    number: int
    url: str
    stop: threading.Event
    accepted: list[str] = field(default_factory=list)
    refused_then_accepted: int = 0
    unavailable_answers: int = 0
    other_answers: Counter[int] = field(default_factory=Counter)
    given_up: list[str] = field(default_factory=list)

    def run(self) -> None:
        with httpx.Client(timeout=30) as client:
            n = 0
            while not self.stop.is_set():
                n += 1
                self.send(client, f"fault-{self.number}-{n}", n)

    def send(self, client: httpx.Client, event_id: str, n: int) -> None:
        refused, first_refusal = False, 0.0
        while True:
            body = json.dumps(
                [
                    {
                        "event_id": event_id,
                        "lock": f"F-{(self.number * 7919 + n) % LOCKS}",
                        "type": "heartbeat",
                        "at": datetime.now(UTC).isoformat(),
                        "battery": 80,
                    }
                ]
            ).encode()
            timestamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json",
                "X-Vredvakt-Integration": "faults",
                "X-Vredvakt-Timestamp": timestamp,
                "X-Vredvakt-Signature": sign(timestamp, body),
            }
            try:
                response = client.post(self.url, content=body, headers=headers)
            except httpx.TransportError:
                self.other_answers[0] += 1
                time.sleep(0.5)
                continue
            if response.status_code == 202:
                self.accepted.append(event_id)
                self.refused_then_accepted += refused
                time.sleep(PAUSE_S)
                return
            if response.status_code != 503:
                self.other_answers[response.status_code] += 1
                return
            self.unavailable_answers += 1
            if not refused:
                refused, first_refusal = True, time.monotonic()
            if time.monotonic() - first_refusal > GIVE_UP_AFTER_S:
                self.given_up.append(event_id)
                return
            time.sleep(float(response.headers.get("Retry-After", "1")))


def python() -> str:
    return sys.executable


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([python(), "-m", "vredvakt.manage", *args], env=env, cwd=ROOT, check=True)


def prepare(env: dict[str, str], managers: int) -> None:
    manage(env, "migrate", "-v0")
    script = f"""
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from vredvakt.accounts.models import ContactDetails, Membership, Role, Unit, UnitKind
from vredvakt.locks.models import Integration, Lock
now = timezone.now()
seen = now - timedelta(minutes=1)
Integration.objects.create(name="faults", vendor="Faults", secret={SECRET!r}, created_at=now)
Lock.objects.bulk_create(
    Lock(vendor="Faults", vendor_lock_id=f"F-{{n}}", status="ok", status_changed_at=seen,
         last_seen_at=seen, last_event_at=seen, battery=80,
         overdue_at=seen + timedelta(minutes=25))
    for n in range({LOCKS})
)
unit = Unit.objects.create(code="faults", name="Enhet Fel", kind=UnitKind.HOME_CARE)
users = User.objects.bulk_create(
    User(username=f"chef{{n}}", email=f"chef{{n}}@faults.test", first_name=f"Chef {{n}}")
    for n in range({managers})
)
Membership.objects.bulk_create(Membership(user=u, unit=unit, role=Role.UNIT_MANAGER) for u in users)
ContactDetails.objects.bulk_create(
    ContactDetails(user=u, phone=f"070-{{n + 1:07d}}") for n, u in enumerate(users)
)
"""
    manage(env, "shell", "-c", script)


def broadcast(env: dict[str, str]) -> None:
    script = """
from django.utils import timezone
from vredvakt.notifications.recipients import Group
from vredvakt.notifications.services import notify
notify(recipients=[Group.ALL_UNIT_MANAGERS], template="major_outage",
       context={"public": {"count": 480, "units": ["Enhet Fel"], "started_at": timezone.now()}},
       now=timezone.now())
"""
    manage(env, "shell", "-c", script)


def query(url: str, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url) as conn:
        return list(conn.execute(sql, params).fetchall())


class Processes:
    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.all: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        self.all.append(process)
        return process

    def worker(self, worker_id: str) -> subprocess.Popen[bytes]:
        command = [python(), "-m", "vredvakt.manage", "worker", "--id", worker_id]
        return self.start(worker_id, [*command, "--threads", str(LANES)])

    def stop_all(self) -> None:
        for process in self.all:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.all:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.1)


def kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--managers", type=int, default=400)
    parser.add_argument("--outage", type=float, default=20.0)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--pg-port", type=int, default=55499)
    args = parser.parse_args()
    began = time.monotonic()

    cluster = Cluster(args.pg_port)
    sinks = Sinks()
    logs = Path(tempfile.mkdtemp(prefix="vredvakt-faults-logs-"))
    processes: Processes | None = None
    stop_senders = threading.Event()
    try:
        cluster.start(fsync=False)
        import psycopg

        with psycopg.connect(cluster.url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE faults")
        db_url = cluster.url.rpartition("/")[0] + "/faults"
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "faults-bench-not-secret",
            "LOG_LEVEL": "WARNING",
            "DEBUG": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sinks.smtp_port),
            "DEFAULT_FROM_EMAIL": "vredvakt@faults.test",
            "SMS_GATEWAY_URL": sinks.sms_url,
            "SMS_GATEWAY_USER": "vredvakt",
            "SMS_GATEWAY_PASSWORD": "gateway-secret",
            "PYTHONUNBUFFERED": "1",
        }
        prepare(env, args.managers)
        # Set up without fsync (faster on a busy machine), measured with it, as in production.
        cluster.stop()
        cluster.start(fsync=True)
        print(f"set up in {time.monotonic() - began:.0f} s (cluster, migrations, data)")

        processes = Processes(env, logs)
        web_port = free_port()
        processes.start(
            "web",
            [
                python(),
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--bind=127.0.0.1:{web_port}",
                "--workers=2",
                "--no-control-socket",
                "--log-level=warning",
            ],
        )
        worker_a = processes.worker("faults-a")
        worker_b = processes.worker("faults-b")
        url = f"http://127.0.0.1:{web_port}/api/v1/lock-events"
        wait_until(lambda: _answers(f"http://127.0.0.1:{web_port}/login/"), 60, "gunicorn")
        wait_until(
            lambda: query(db_url, "SELECT count(*) FROM jobs_workerheartbeat")[0][0] == 2,
            60,
            "the workers",
        )

        senders = [Sender(n, url, stop_senders) for n in range(args.senders)]
        threads = [threading.Thread(target=s.run, daemon=True) for s in senders]
        for thread in threads:
            thread.start()
        time.sleep(2)

        broadcast(env)
        outbound = query(
            db_url, "SELECT channel, key FROM notifications_delivery WHERE channel <> 'in_app'"
        )
        expected_emails = {
            f"<{key}@faults.test>" for channel, key in outbound if channel == "email"
        }
        expected_sms = {str(key) for kind, key in outbound if kind == "sms"}
        print(
            f"broadcast queued: {len(expected_emails)} emails + {len(expected_sms)} SMS "
            f"to {args.managers} unit managers; {args.senders} senders posting events"
        )

        # 1. Worker A killed mid-delivery, restarted at once under the same id.
        started = sinks.report()["count"]
        wait_until(lambda: sinks.report()["count"] >= started + 20, 60, "more deliveries")
        kill(worker_a)
        before_kill_a = sinks.report()["count"]
        worker_a = processes.worker("faults-a")
        print(f"SIGKILL worker A after {before_kill_a} deliveries; restarted as faults-a")

        # 2. PostgreSQL stopped for the outage, mid-broadcast.
        time.sleep(1.5)
        cluster.stop()
        down_at = time.time()
        at_stop = sinks.report()["count"]
        print(f"PostgreSQL stopped after {at_stop} deliveries, for {args.outage:.0f} s")
        time.sleep(args.outage)
        cluster.start()
        back_at = time.time()
        print(f"PostgreSQL back after {back_at - down_at:.1f} s")

        # 3. Worker B killed mid-delivery, restarted under a new id: its rows wait
        # out their lease (renewed while it lived, so at most one lease).
        target = sinks.report()["count"] + 40
        wait_until(lambda: sinks.report()["count"] >= target, 60, "deliveries after the outage")
        kill(worker_b)
        print(
            f"SIGKILL worker B after {sinks.report()['count']} deliveries, "
            f"{time.time() - back_at:.1f} s after the database's return; restarted as faults-b2"
        )
        processes.worker("faults-b2")

        total = len(expected_emails) + len(expected_sms)

        def all_delivered() -> bool:
            rows = query(
                db_url,
                "SELECT count(*) FROM notifications_delivery "
                "WHERE channel <> 'in_app' AND status = 'delivered'",
            )
            return int(rows[0][0]) == total

        with contextlib.suppress(RuntimeError):
            wait_until(all_delivered, HEAL_LIMIT_S + 30, "every delivery")
        time.sleep(2)  # senders go on a little after the last delivery
        stop_senders.set()
        for thread in threads:
            thread.join(60)
        report = sinks.report()
        return check(args, db_url, senders, report, expected_emails, expected_sms, back_at, logs)
    finally:
        stop_senders.set()
        if processes is not None:
            processes.stop_all()
        sinks.stop()
        cluster.remove()
        print(f"total run time {time.monotonic() - began:.0f} s; logs in {logs}")


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def check(
    args: argparse.Namespace,
    db_url: str,
    senders: list[Sender],
    report: dict[str, Any],
    expected_emails: set[str],
    expected_sms: set[str],
    back_at: float,
    logs: Path,
) -> int:
    accepted = [e for s in senders for e in s.accepted]
    stored = {
        row[0]
        for row in query(
            db_url,
            "SELECT event_id FROM locks_lockevent WHERE event_id = ANY(%s)",
            (accepted,),
        )
    }
    refused = sum(s.unavailable_answers for s in senders)
    retried = sum(s.refused_then_accepted for s in senders)
    others = sum((s.other_answers for s in senders), Counter())
    given_up = [e for s in senders for e in s.given_up]
    statuses = dict(
        query(
            db_url,
            "SELECT status, count(*) FROM notifications_delivery WHERE channel <> 'in_app' "
            "GROUP BY status",
        )
    )
    last_delivered = query(
        db_url,
        "SELECT extract(epoch FROM max(delivered_at)) FROM notifications_delivery "
        "WHERE channel <> 'in_app'",
    )[0][0]
    outcomes = dict(
        query(db_url, "SELECT outcome, count(*) FROM notifications_deliveryattempt GROUP BY 1")
    )
    timeline = query(
        db_url,
        "SELECT floor(extract(epoch FROM delivered_at) - %s)::int / 10 * 10 AS s, count(*) "
        "FROM notifications_delivery WHERE channel <> 'in_app' AND delivered_at IS NOT NULL "
        "AND extract(epoch FROM delivered_at) >= %s GROUP BY 1 ORDER BY 1",
        (back_at, back_at),
    )
    suspected = query(
        db_url, "SELECT coalesce(sum(suspected_duplicates), 0) FROM notifications_delivery"
    )[0][0]
    emails: Counter[str] = report["emails"]
    sms: Counter[str] = report["sms"]
    duplicates = sum(n - 1 for n in emails.values() if n > 1) + sum(
        n - 1 for n in sms.values() if n > 1
    )
    kills = 2
    bound = LANES * kills
    heal_s = float(last_delivered) - back_at if last_delivered else float("inf")
    web_log = (logs / "web.log").read_text(errors="replace")
    worker_logs = "".join(p.read_text(errors="replace") for p in logs.glob("faults-*.log"))

    checks = [
        (
            "every event answered 202 is stored",
            len(stored) == len(accepted),
            f"{len(accepted)} accepted, {len(stored)} stored",
        ),
        (
            "senders that got 503 got their events in later",
            not given_up and refused > 0 and retried > 0,
            f"{refused} answers 503 (Retry-After), {retried} events accepted on a retry, "
            f"{len(given_up)} given up",
        ),
        (
            "no answer other than 202 and 503",
            not others,
            ", ".join(f"{k}: {v}" for k, v in sorted(others.items())) or "none",
        ),
        (
            "every notification delivered",
            set(emails) == expected_emails
            and set(sms) == expected_sms
            and statuses.get("delivered", 0) == len(expected_emails) + len(expected_sms),
            f"{len(set(emails))}/{len(expected_emails)} emails, {len(set(sms))}/"
            f"{len(expected_sms)} SMS received; statuses {statuses}",
        ),
        (
            f"duplicates at most one per lane per kill ({LANES} lanes × {kills} kills)",
            duplicates <= bound,
            f"{duplicates} received twice (same Message-ID/reference); "
            f"{suspected} counted as suspected duplicates",
        ),
        (
            f"last delivery within {HEAL_LIMIT_S:.0f} s of the database's return",
            heal_s <= HEAL_LIMIT_S,
            f"{heal_s:.1f} s",
        ),
    ]
    print()
    print(
        f"Fault test: PostgreSQL 15 (fsync on) stopped {args.outage:.0f} s, 2 workers × "
        f"{LANES} lanes, 2 SIGKILLs, {len(senders)} event senders"
    )
    failed = 0
    for name, ok, figures in checks:
        failed += not ok
        print(f"  [{'ok' if ok else 'FAILED'}] {name}: {figures}")
    print(
        f"  log: web {web_log.count('database unavailable since')} 'unavailable' lines, "
        f"{web_log.count('Traceback')} tracebacks; workers "
        f"{worker_logs.count('database unavailable')} 'unavailable' lines, "
        f"{worker_logs.count('Traceback')} tracebacks"
    )
    print(f"  delivery attempts by outcome: {outcomes}")
    print(
        "  delivered after the database's return, per 10 s: "
        + ", ".join(f"{start}-{start + 10} s: {count}" for start, count in timeline)
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
