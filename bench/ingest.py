"""Telemetry ingest throughput over HTTP against a durable PostgreSQL (R17, #17).

    .venv/bin/python bench/ingest.py [--rounds 3] [--seconds 6]

Starts a PostgreSQL 15 cluster of its own (bench/benchdb.py: initdb in a
temporary folder, fsync and synchronous_commit on; --database-url uses a
server you name instead, in a database `vredvakt_bench_ingest` it creates
and drops), migrates it, registers an integration and --locks locks, starts
gunicorn (config.wsgi, sync workers) on a free loopback port with
VREDVAKT_BENCH=1 (which mounts the no-op view /api/v1/bench/noop), and drives
it from --clients processes for --seconds per phase:

  noop    the same signed one-event POST to a view that does nothing: the cost
          of HTTP + gunicorn + Django's middleware, the ceiling for single events
  single  one event per request
  batch   --batch events per request
  raw     the anchor: the same rows inserted straight into the event table by
          --clients connections, one multi-row INSERT of --batch rows per
          transaction, no HTTP, no lock state: the table's physical limit

The phases run in --rounds rounds; each round prints batched/raw and
single/noop, measured within the round, so a slower spell of this shared
machine weighs on both sides of a ratio. Every event is new (unique id, `at`
stamped at send time), so every one is stored and moves its lock's state as a
real heartbeat does. Targets (#17): batched/raw >= 0.5 and single/noop >= 0.5
in every round. Server CPU counts gunicorn and the whole PostgreSQL server.
Load goes only to 127.0.0.1 and stops after the given time.
"""

import argparse
import hashlib
import hmac
import json
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
from benchdb import DurableCluster

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "vredvakt_bench_ingest"
SECRET = "bench-secret-not-for-production"


def database_urls(url: str) -> tuple[str, str]:
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("--database-url must name a PostgreSQL server.")
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    return admin, urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def recreate_database(admin_url: str, *, drop_only: bool = False) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {BENCH_DB}")


def server_env(bench_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": bench_url,
        "SECRET_KEY": "bench-only-secret-key",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VREDVAKT_BENCH": "1",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "0",
    }


def prepare(env: dict[str, str], locks: int) -> None:
    python = sys.executable
    manage = [python, "-m", "vredvakt.manage"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    # Every lock heard from a minute ago: the steady state, where a heartbeat moves
    # a lock's deadline but not its status.
    script = (
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from vredvakt.locks.models import Integration, Lock\n"
        "now = timezone.now()\n"
        "seen = now - timedelta(minutes=1)\n"
        f"Integration.objects.create(name='bench', vendor='Bench', secret={SECRET!r},"
        " created_at=now)\n"
        "Lock.objects.bulk_create((Lock(vendor='Bench', vendor_lock_id=f'B-{n}', status='ok',"
        " status_changed_at=seen, last_seen_at=seen, last_event_at=seen, battery=80,"
        " overdue_at=seen + timedelta(minutes=25))"
        f" for n in range({locks})), batch_size=5000)\n"
        # Fresh statistics, as autovacuum keeps them in production: the planner
        # needs them to look locks up by index.
        "from django.db import connection\n"
        "connection.cursor().execute('ANALYZE')\n"
    )
    subprocess.run([*manage, "shell", "-c", script], env=env, cwd=ROOT, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/bench/noop", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not come up")


def sign(timestamp: str, body: bytes) -> str:
    # As a vendor would (docs/integration.md), without importing Django.
    digest = hmac.new(SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


Job = tuple[str, str, int, int, float, int]


def drive(args: Job) -> tuple[int, int, int, list[float]]:
    """One client process: POST signed batches until the time is up."""
    url, phase, batch, locks, seconds, client_no = args
    rng = random.Random(client_no)
    requests = events = failures = 0
    latencies: list[float] = []
    end = time.monotonic() + seconds
    with httpx.Client(timeout=30) as client:
        while time.monotonic() < end:
            at = datetime.now(UTC).isoformat()
            body = json.dumps(
                [
                    {
                        "event_id": f"{phase}-{client_no}-{requests}-{i}",
                        "lock": f"B-{rng.randrange(locks)}",
                        "type": "heartbeat",
                        "at": at,
                        "battery": 80,
                    }
                    for i in range(batch)
                ]
            ).encode()
            timestamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json",
                "X-Vredvakt-Integration": "bench",
                "X-Vredvakt-Timestamp": timestamp,
                "X-Vredvakt-Signature": sign(timestamp, body),
            }
            started = time.perf_counter()
            response = client.post(url, content=body, headers=headers)
            latencies.append(time.perf_counter() - started)
            requests += 1
            if response.status_code == 202:
                events += batch
            else:
                failures += 1
    return requests, events, failures, latencies


RAW_COLUMNS = "event_id, vendor_lock_id, lock_id, type, at, battery, integration_id, received_at"


def drive_raw(args: Job) -> tuple[int, int, int, list[float]]:
    """One anchor connection: the rows a batch would store, one multi-row INSERT a transaction."""
    url, phase, batch, locks, seconds, client_no = args
    rng = random.Random(client_no)
    requests = events = 0
    latencies: list[float] = []
    placeholders = ", ".join(["(%s, %s, %s, 'heartbeat', %s, 80, %s, %s)"] * batch)
    sql = f"INSERT INTO locks_lockevent ({RAW_COLUMNS}) VALUES {placeholders}"
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT vendor_lock_id, id FROM locks_lock").fetchall()
        ids: dict[str, int] = dict(rows)
        row = conn.execute("SELECT id FROM locks_integration WHERE name = 'bench'").fetchone()
        assert row is not None
        integration = row[0]
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            at = datetime.now(UTC)
            params: list[object] = []
            for i in range(batch):
                lock = f"B-{rng.randrange(locks)}"
                params += [f"{phase}-{client_no}-{requests}-{i}", lock, ids[lock], at]
                params += [integration, at]
            started = time.perf_counter()
            conn.execute(sql, params)
            latencies.append(time.perf_counter() - started)
            requests += 1
            events += batch
    return requests, events, 0, latencies


def server_roots(master: int, admin_url: str) -> list[int]:
    """gunicorn's master and PostgreSQL's postmaster: the server is them and their children."""
    with psycopg.connect(admin_url) as conn:
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
    assert row is not None
    return [master, _stat(row[0])["ppid"]]


def _stat(pid: int) -> dict[str, int]:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    names = {"ppid": 1, "utime": 11, "stime": 12, "cutime": 13, "cstime": 14}
    return {name: int(fields[i]) for name, i in names.items()}


def cpu_seconds(roots: list[int]) -> float:
    """CPU of the roots and all their processes, those that ended included.

    A process that ends (a database connection recycled, an autovacuum worker
    done) is counted in its parent's cutime/cstime, so nothing is lost; the
    PostgreSQL figure includes its background work (WAL writer, autovacuum).
    """
    ticks = 0
    parents = set(roots)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = _stat(int(entry.name))
            except OSError:  # ended meanwhile
                continue
            if stat["ppid"] in parents:
                ticks += stat["utime"] + stat["stime"]
    for root in roots:
        stat = _stat(root)
        ticks += stat["utime"] + stat["stime"] + stat["cutime"] + stat["cstime"]
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(
    base: str, phase: str, batch: int, locks: int, seconds: float, clients: int, roots: list[int]
) -> dict:
    """One phase: `base` is the server's address, or the database's URL for the raw phase."""
    path = {"noop": "/api/v1/bench/noop", "raw": ""}.get(phase, "/api/v1/lock-events")
    # Event ids new in every phase of every round (the phase's start in the id),
    # so no round's events are duplicates of an earlier round's.
    tag = f"{phase}.{time.monotonic_ns()}"
    jobs = [(base + path, tag, batch, locks, seconds, n) for n in range(clients)]
    work = drive_raw if phase == "raw" else drive
    with multiprocessing.Pool(clients) as pool:
        cpu_before = cpu_seconds(roots)
        db_before = cpu_seconds(roots[1:])
        started = time.monotonic()
        results = pool.map(work, jobs)
        elapsed = time.monotonic() - started
        cpu = cpu_seconds(roots) - cpu_before
        db_cpu = cpu_seconds(roots[1:]) - db_before
    requests = sum(r[0] for r in results)
    events = sum(r[1] for r in results)
    failures = sum(r[2] for r in results)
    latencies = sorted(x for r in results for x in r[3])
    return {
        "phase": phase,
        "batch": batch,
        "requests_per_s": requests / elapsed,
        "events_per_s": events / elapsed,
        "failures": failures,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)],
        # Server CPU (gunicorn and all of PostgreSQL) per request: what the rate would
        # be on otherwise idle cores, whatever else the machine is running.
        "cpu_ms_per_request": 1000 * cpu / max(requests, 1),
        "db_cpu_ms_per_request": 1000 * db_cpu / max(requests, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--seconds", type=float, default=6.0, help="per phase and round")
    parser.add_argument("--rounds", type=int, default=3, help="noop, single, batch, raw each round")
    parser.add_argument("--locks", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--database-url", help="a PostgreSQL server to use instead of our own")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()

    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    cluster = None if args.database_url else DurableCluster(free_port())
    try:
        rounds = run(args, args.database_url or cluster.url)  # type: ignore[union-attr]
    finally:
        if cluster is not None:
            cluster.stop()
    load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    report(args, rounds, load_before, load_after)


def run(args: argparse.Namespace, server_url: str) -> list[list[dict]]:
    admin_url, bench_url = database_urls(server_url)
    recreate_database(admin_url)
    env = server_env(bench_url)
    prepare(env, args.locks)
    port = free_port()
    server = start_server(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    rounds: list[list[dict]] = []
    try:
        # Warm up: every worker, and (with batches) most locks touched once since
        # loading, so the rounds measure the steady state the bench is about.
        measure(base, "single", 1, args.locks, 2, args.clients, [])
        measure(base, "warmup", args.batch, args.locks, 4, args.clients, [])
        roots = server_roots(server.pid, admin_url)
        batch = f"batch{args.batch}"
        phases = [(base, "noop", 1), (base, "single", 1), (base, batch, args.batch)]
        phases.append((bench_url, "raw", args.batch))
        # Rounds of all phases, so a slower spell of this shared machine weighs
        # on both sides of each ratio.
        for _ in range(args.rounds):
            rounds.append(
                [
                    measure(url, name, size, args.locks, args.seconds, args.clients, roots)
                    for url, name, size in phases
                ]
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            recreate_database(admin_url, drop_only=True)
    return rounds


def report(args: argparse.Namespace, rounds: list[list[dict]], before: str, after: str) -> None:
    cores = os.cpu_count() or 1
    print(
        f"\n{args.workers} gunicorn sync workers, {args.clients} client processes, "
        f"{args.locks} locks, {args.rounds} rounds of {args.seconds:.0f} s per phase, "
        f"{cores} CPUs, load average before: {before}, after: {after}"
    )
    header = f"{'round':<6} {'phase':<10} {'events/s':>10} {'requests/s':>11} {'p50 ms':>8}"
    print(f"{header} {'p99 ms':>8} {'failures':>8} {'server CPU ms/req':>18} {'of it DB':>9}")
    for number, rows in enumerate(rounds, 1):
        for r in rows:
            print(
                f"{number:<6} {r['phase']:<10} {r['events_per_s']:>10.0f}"
                f" {r['requests_per_s']:>11.0f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f}"
                f" {r['failures']:>8} {r['cpu_ms_per_request']:>18.2f}"
                f" {r['db_cpu_ms_per_request']:>9.2f}"
            )
    print()
    for number, (noop, single, batch, raw) in enumerate(rounds, 1):
        batched = batch["events_per_s"] / raw["events_per_s"]
        singles = single["requests_per_s"] / noop["requests_per_s"]
        by_cpu = noop["cpu_ms_per_request"] / single["cpu_ms_per_request"]
        print(
            f"round {number}: batched/raw {batched:.2f}, single/no-op {singles:.2f} "
            f"(by server CPU per request {by_cpu:.2f}); targets >= 0.5"
        )
    failures = sum(r["failures"] for rows in rounds for r in rows)
    print(f"failed requests: {failures}")
    print(
        "Client processes share the machine's CPUs with the server and PostgreSQL; "
        "the CPU figures count gunicorn and the whole PostgreSQL server (background work too)."
    )


if __name__ == "__main__":
    main()
