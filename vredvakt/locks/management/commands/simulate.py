"""`vredvakt simulate`: a lock vendor's system posting signed telemetry (R17 demo).

Heartbeats with a slowly draining battery for N locks, now and then an unlock;
the locks of one area fall silent for a while (a network loss) and come back.
Bounded in time and in events, and sent only to the URL given (loopback unless
--allow-remote). The fleet's behaviour is a plain class, so tests drive it
without a clock or a network.
"""

import json
import logging
import os
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vredvakt.lib.commands import CHECKS_WITHOUT_URLS
from vredvakt.locks.ingest import MAX_EVENTS, signature_for
from vredvakt.locks.integrations import SIMULATOR_SECRET_ENV
from vredvakt.locks.models import Integration, Lock

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_LOCKS = 100_000
MAX_DURATION_S = 24 * 3600


@dataclass
class SimulatedLock:
    vendor_lock_id: str
    area: str
    battery: float
    next_beat: float  # seconds after the start
    silent: bool = False


class Fleet:
    """Which events the locks send at a moment `elapsed` seconds into the run."""

    def __init__(
        self,
        locks: list[tuple[str, str]],
        *,
        interval: float,
        fail_area: str | None,
        fail_from: float,
        fail_until: float,
        rng: random.Random,
    ) -> None:
        self.interval = interval
        self.fail_area = fail_area
        self.fail_from, self.fail_until = fail_from, fail_until
        self.rng = rng
        self.run_id = secrets.token_hex(4)
        self.sequence = 0
        # First beats spread over one interval, so the load is even.
        self.locks = [
            SimulatedLock(lock_id, area, rng.uniform(30, 100), rng.uniform(0, interval))
            for lock_id, area in locks
        ]

    def due(self, elapsed: float, at: datetime) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        failing = self.fail_from <= elapsed < self.fail_until
        for lock in self.locks:
            if lock.next_beat > elapsed:
                continue
            lock.next_beat += self.interval
            if failing and lock.area == self.fail_area:
                lock.silent = True  # network loss: nothing arrives at all
                continue
            events.extend(self._beat(lock, at))
        return events

    def _beat(self, lock: SimulatedLock, at: datetime) -> list[dict[str, Any]]:
        kinds = ["heartbeat"]
        if lock.silent:
            lock.silent = False
            kinds = ["online"]
        elif self.rng.random() < 0.05:
            kinds.append("unlock_ok")
        lock.battery -= self.rng.uniform(0, 0.5)
        if lock.battery < 5:
            lock.battery = 100.0  # the alarm group changed the batteries
        return [self._event(lock, kind, at) for kind in kinds]

    def _event(self, lock: SimulatedLock, kind: str, at: datetime) -> dict[str, Any]:
        self.sequence += 1
        return {
            "event_id": f"sim-{self.run_id}-{self.sequence}",
            "lock": lock.vendor_lock_id,
            "type": kind,
            "at": at.isoformat(),
            "battery": round(lock.battery),
        }


@dataclass
class Totals:
    sent: int = 0
    requests: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    unknown_locks: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return (
            f"sent {self.sent} events in {self.requests} requests: {self.accepted} accepted, "
            f"{self.duplicates} duplicates, {self.rejected} rejected; "
            f"{len(self.unknown_locks)} locks unknown to the server"
        )


Post = Callable[[list[dict[str, Any]]], httpx.Response]


def signed_poster(client: httpx.Client, url: str, integration: str, secret: str) -> Post:
    endpoint = url.rstrip("/") + "/api/v1/lock-events"

    def post(events: list[dict[str, Any]]) -> httpx.Response:
        body = json.dumps(events).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Vredvakt-Integration": integration,
            "X-Vredvakt-Timestamp": timestamp,
            "X-Vredvakt-Signature": signature_for(secret, timestamp, body),
        }
        return client.post(endpoint, content=body, headers=headers)

    return post


def run(
    fleet: Fleet,
    post: Post,
    *,
    duration: float,
    max_events: int,
    batch: int,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    wall: Callable[[], datetime],
    report: Callable[[str], None],
) -> Totals:
    totals = Totals()
    start = clock()
    last_report = -1
    while (elapsed := clock() - start) < duration and totals.sent < max_events:
        events = fleet.due(elapsed, wall())[: max_events - totals.sent]
        for chunk in (events[i : i + batch] for i in range(0, len(events), batch)):
            _send(post, chunk, totals, report)
        if int(elapsed) % 10 == 0 and 0 < int(elapsed) != last_report:
            last_report = int(elapsed)
            report(f"{last_report:>5} s: {totals}")
        sleep(max(0.0, 1.0 - (clock() - start - elapsed)))
    return totals


def _send(
    post: Post, chunk: list[dict[str, Any]], totals: Totals, report: Callable[[str], None]
) -> None:
    response = post(chunk)
    totals.sent += len(chunk)
    totals.requests += 1
    if response.status_code != 202:
        totals.rejected += len(chunk)
        report(f"HTTP {response.status_code}: {response.text[:200]}")
        return
    answer = response.json()
    totals.accepted += answer["accepted"]
    totals.duplicates += answer["duplicates"]
    totals.unknown_locks.update(answer["unknown_locks"])


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = (
        "Send signed lock telemetry to a Vredvakt server, as a lock vendor's system would: "
        "heartbeats with battery levels for N locks; the locks of --fail-area fall silent "
        "from --fail-after seconds and report again from --recover-after seconds. "
        "Lock ids come from this database (the integration's vendor, optionally only "
        "--area), or are made up with --lock-prefix. Stops after --duration seconds or "
        "--max-events events."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", required=True, help="Server base URL, e.g. http://127.0.0.1:8000"
        )
        parser.add_argument("--integration", required=True, help="Integration name.")
        parser.add_argument(
            "--secret",
            default=os.environ.get(SIMULATOR_SECRET_ENV, ""),
            help=f"The integration's secret (default: ${SIMULATOR_SECRET_ENV}, kept out of `ps`).",
        )
        parser.add_argument("--locks", type=int, required=True, help="How many locks to simulate.")
        parser.add_argument(
            "--area", action="append", default=[], help="Only locks of this area (repeatable)."
        )
        parser.add_argument("--fail-area", help="The area whose locks fall silent for a while.")
        parser.add_argument("--fail-after", type=float, help="Seconds (default: duration/3).")
        parser.add_argument("--recover-after", type=float, help="Seconds (default: 2*duration/3).")
        parser.add_argument("--duration", type=float, default=60.0, help="Seconds (default 60).")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between a lock's heartbeats."
        )
        parser.add_argument(
            "--rate", type=float, default=1000.0, help="At most this many events per second."
        )
        parser.add_argument("--batch", type=int, default=100, help="Events per request (≤ 1000).")
        parser.add_argument("--max-events", type=int, default=1_000_000, help="Stop after these.")
        parser.add_argument("--lock-prefix", help="Make up lock ids PREFIX1…PREFIXN instead.")
        parser.add_argument("--seed", type=int, help="Random seed, for a repeatable run.")
        parser.add_argument(
            "--allow-remote", action="store_true", help="Allow a URL that is not loopback."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        _check_bounds(options)
        locks = _lock_ids(options)
        interval = max(options["interval"], len(locks) / options["rate"])
        duration = options["duration"]
        fail_from = options["fail_after"] if options["fail_after"] is not None else duration / 3
        recover = options["recover_after"]
        fleet = Fleet(
            locks,
            interval=interval,
            fail_area=options["fail_area"],
            fail_from=fail_from,
            fail_until=recover if recover is not None else 2 * duration / 3,
            rng=random.Random(options["seed"]),
        )
        self.stdout.write(f"{len(locks)} locks, a heartbeat every {interval:.0f} s each.")
        # httpx logs every request at INFO; the run reports its own progress.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        with httpx.Client(timeout=30) as client:
            poster = signed_poster(
                client, options["url"], options["integration"], options["secret"]
            )
            totals = run(
                fleet,
                poster,
                duration=duration,
                max_events=options["max_events"],
                batch=options["batch"],
                clock=time.monotonic,
                sleep=time.sleep,
                wall=lambda: datetime.now(UTC),
                report=lambda line: self.stdout.write(line),
            )
        self.stdout.write(str(totals))


def _check_bounds(options: dict[str, Any]) -> None:
    if not options["secret"]:
        raise CommandError(
            f"the integration's secret is needed: set ${SIMULATOR_SECRET_ENV} or --secret"
        )
    host = urlsplit(options["url"]).hostname or ""
    if host not in LOOPBACK and not options["allow_remote"]:
        raise CommandError(f"{host!r} is not loopback; pass --allow-remote if you mean it")
    if not 1 <= options["locks"] <= MAX_LOCKS:
        raise CommandError(f"--locks must be 1–{MAX_LOCKS}")
    if not 0 < options["duration"] <= MAX_DURATION_S:
        raise CommandError(f"--duration must be 1–{MAX_DURATION_S} seconds")
    if not 1 <= options["batch"] <= MAX_EVENTS:
        raise CommandError(f"--batch must be 1–{MAX_EVENTS}")
    if options["interval"] <= 0 or options["rate"] <= 0:
        raise CommandError("--interval and --rate must be positive")


def _lock_ids(options: dict[str, Any]) -> list[tuple[str, str]]:
    count, areas = options["locks"], options["area"] or ["sim"]
    if options["lock_prefix"]:
        return [
            (f"{options['lock_prefix']}{n}", areas[n % len(areas)]) for n in range(1, count + 1)
        ]
    integration = Integration.objects.filter(name=options["integration"]).first()
    if integration is None:
        raise CommandError("integration not in this database: give --lock-prefix instead")
    locks = Lock.objects.filter(vendor=integration.vendor).order_by("vendor_lock_id")
    if options["area"]:
        locks = locks.filter(area__in=options["area"])
    found = list(locks.values_list("vendor_lock_id", "area")[:count])
    if not found:
        raise CommandError(f"no {integration.vendor} locks here: give --lock-prefix instead")
    return found
