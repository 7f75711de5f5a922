"""A mass outage (R11): 20,000 locks go silent at once; how fast is one major outage ready?

    DATABASE_URL=postgres://vredvakt@127.0.0.1:55432/outages .venv/bin/python bench/mass_outage.py
    .venv/bin/python bench/mass_outage.py --locks 2000      # SQLite, in a temporary file

With PostgreSQL it creates (and afterwards drops) the database
`vredvakt_bench_outage` on that server. It loads a municipality (home-care
units with a unit manager each, the alarm group and its unit manager, the
operations manager) and N clients, each with a valid care decision and a lock
last heard from 25 minutes ago, all due to fall silent at the same moment, in
50 areas; plus 2,000 locks of another vendor that keep reporting.

Then a separate worker process (this script with --worker) runs the worker's
telemetry steps (`locks.sweep`, `outages.telemetry`) at that moment until
nothing is left, and the leader's one action (R12) that queues the email to
every unit manager and the operations manager. It reports, from the start of
the first sweep: when the outage was announced (its leader's messages
queued), when every case was attached, and the managers' messages queued;
and the worker's peak memory (ru_maxrss of its own process).
Targets: everything within 60 s; peak RSS under 300 MB.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from benchdb import drop_database, setup_django, use_database

BENCH_DB = "vredvakt_bench_outage"
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Stockholm
AREAS = 50
UNITS = 10
ALIVE = 2_000


def load(locks: int) -> None:
    """The municipality, and `locks` clients whose locks all fall silent at NOW."""
    from django.contrib.auth.models import User
    from django.db import connection

    from vredvakt.accounts.models import Membership, Role, Unit, UnitKind
    from vredvakt.clients.models import CareDecision, Client
    from vredvakt.locks.models import Lock

    units = Unit.objects.bulk_create(
        [Unit(code=f"u{n}", name=f"Hemtjänst {n}", kind=UnitKind.HOME_CARE) for n in range(UNITS)]
        + [
            Unit(code="larm", name="Larmgruppen", kind=UnitKind.ALARM_GROUP),
            Unit(code="ledning", name="Ledning", kind=UnitKind.MANAGEMENT),
        ]
    )
    people = [(f"chef{n}", units[n], Role.UNIT_MANAGER) for n in range(UNITS)]
    people += [
        ("leader", units[UNITS], Role.UNIT_MANAGER),
        ("larm", units[UNITS], Role.ALARM_GROUP),
        ("vc", units[UNITS + 1], Role.OPERATIONS_MANAGER),
    ]
    users = User.objects.bulk_create(
        User(username=name, email=f"{name}@bench.example") for name, _u, _r in people
    )
    Membership.objects.bulk_create(
        Membership(user=user, unit=unit, role=role)
        for user, (_n, unit, role) in zip(users, people, strict=True)
    )
    batch = 5000
    for start in range(0, locks + ALIVE, batch):
        numbers = range(start, min(start + batch, locks + ALIVE))
        clients = Client.objects.bulk_create(
            Client(
                reference=f"B-{n}",
                first_name="Klient",
                last_name=str(n),
                street_address=f"Gatan {n}",
                postal_code="100 00",
                city="Bänkby",
                unit=units[n % UNITS],
            )
            for n in numbers
        )
        CareDecision.objects.bulk_create(
            CareDecision(
                reference=f"D-{c.reference}",
                client=c,
                valid_from=date(2026, 1, 1),
                valid_until=date(2027, 12, 31),
            )
            for c in clients
        )
        Lock.objects.bulk_create(_lock(n, c, locks) for n, c in zip(numbers, clients, strict=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _lock(n: int, client: Any, silent: int) -> Any:
    from vredvakt.locks.models import Lock

    seen = NOW - timedelta(minutes=25)
    alive = n >= silent
    return Lock(
        vendor="Annan" if alive else "Bench",
        vendor_lock_id=f"L-{n}",
        client=client,
        area=f"Område {n % AREAS}",
        gateway=f"GW-{n % (AREAS * 4)}",
        status="ok",
        status_changed_at=seen - timedelta(hours=1),
        last_seen_at=seen,
        last_event_at=seen,
        overdue_at=NOW + timedelta(hours=1) if alive else NOW,
    )


def worker() -> None:
    """The worker process: its steps at NOW until done, timed; then the leader's action."""
    setup_django(migrate=False)
    from django.contrib.auth.models import User

    from vredvakt.cases.models import FaultCase
    from vredvakt.jobs.loop import Tick, run_tick
    from vredvakt.notifications.models import Message
    from vredvakt.outages.models import MajorOutage
    from vredvakt.outages.services import outage_notify_managers

    steps = {"locks.sweep", "outages.telemetry"}
    marks: dict[str, float] = {}
    started = time.perf_counter()
    ticks = 0
    while run_tick(Tick(now=NOW), steps):
        ticks += 1
        outage = MajorOutage.objects.filter(announced_at__isnull=False).first()
        if outage is not None and "announced" not in marks:
            marks["announced"] = time.perf_counter() - started
    marks["drained"] = time.perf_counter() - started
    outage = MajorOutage.objects.get()
    leader = User.objects.get(username="leader")
    before = time.perf_counter()
    outage_notify_managers(outage=outage, by=leader, now=NOW + timedelta(minutes=2))
    marks["managers_queued"] = marks["drained"] + (time.perf_counter() - before)
    result = {
        "ticks": ticks,
        "marks": marks,
        "outages": MajorOutage.objects.count(),
        "attached": FaultCase.objects.filter(major_outage=outage).count(),
        "cases": FaultCase.objects.count(),
        "cause": outage.cause,
        "silent_vendors": outage.silent_vendors,
        "messages": dict(
            (kind, Message.objects.filter(kind=kind).count())
            for kind in ("major_outage", "case_opened", "alarm_group_informed")
        ),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--locks", type=int, default=20_000)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker()
        return

    admin = use_database(BENCH_DB)
    setup_django(migrate=True)
    from django.db import connection, connections

    try:
        started = time.perf_counter()
        load(args.locks)
        print(
            f"{connection.vendor}: {args.locks} locks fall silent at once "
            f"(+{ALIVE} reporting), loaded in {time.perf_counter() - started:.1f} s"
        )
        connections.close_all()
        done = subprocess.run(
            [sys.executable, __file__, "--worker"],
            env=os.environ,
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        drop_database(admin, BENCH_DB)
    report(result, args.locks)


def report(result: dict[str, Any], locks: int) -> None:
    marks = result["marks"]
    print(f"worker ticks: {result['ticks']}")
    print(f"outage announced (leader's messages queued): {marks['announced']:6.1f} s")
    print(f"all {result['attached']} cases attached (worker idle):  {marks['drained']:6.1f} s")
    print(f"every manager's message queued (R12):       {marks['managers_queued']:6.1f} s")
    print(f"worker peak RSS: {result['rss_mb']:.0f} MB")
    print(
        f"major outages: {result['outages']}, cause: {result['cause']} {result['silent_vendors']}"
    )
    print(f"messages: {result['messages']}")
    ok = (
        result["outages"] == 1
        and result["attached"] == locks
        and marks["managers_queued"] <= 60
        and result["rss_mb"] < 300
        and result["messages"]["case_opened"] == 0
    )
    print(f"\ntarget (one outage, all attached, <= 60 s, < 300 MB): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
