"""The cluster benchmark (#16 item 5): two web servers, two workers, PostgreSQL, mixed load.

    .venv/bin/python bench/cluster.py [--users 200] [--duration 60]

Starts a throwaway PostgreSQL cluster of its own (initdb in a temporary
folder, fsync on, a free port), migrates it and loads the demo municipality,
starts two gunicorn servers on different ports (--web-workers processes each)
and two `vredvakt worker`s, and drives bench/cluster_load.py with locust,
headless, for --duration seconds: care workers reporting, coordinators on the
desk and case pages, the vendor's system sending signed telemetry, and a major
outage declared half-way. Mail goes to files. Afterwards it waits (at most
--drain seconds) for the workers to deliver what was queued and prints
requests per second, p50/p95/p99 per page type, errors, events accepted vs
stored and notifications queued vs delivered. Everything it started is
stopped and the folder removed. Target (#16): 200 users, page p95 < 300 ms,
zero errors.
"""

import argparse
import csv
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PYTHON = sys.executable
METRICS_TOKEN = "bench-metrics-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self, folder: Path, web_workers: int) -> None:
        self.folder = folder
        self.web_workers = web_workers
        self.pg_port = free_port()
        self.web_ports = [free_port(), free_port()]
        self.processes: list[subprocess.Popen[bytes]] = []
        self.pg_folder = Path(tempfile.mkdtemp(prefix="vredvakt-cluster-pg-"))
        self.database_url = f"postgres://vredvakt@127.0.0.1:{self.pg_port}/vredvakt"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": "bench-only-secret-key",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.folder / "mail"),
            "VREDVAKT_DATA_DIR": str(self.folder / "data"),
            "METRICS_TOKEN": METRICS_TOKEN,
            "PROMETHEUS_MULTIPROC_DIR": str(self.folder / "metrics"),
            "LOG_LEVEL": "WARNING",
            "DEBUG": "0",
        }

    def start_database(self) -> None:
        # PostgreSQL refuses to run as root; root runs it as the postgres user
        # in a folder of its own (as scripts/test does).
        self.pg_folder.chmod(0o700)
        if os.getuid() == 0:
            shutil.chown(self.pg_folder, "postgres")
        data = self.pg_folder / "data"
        as_pg_owner([PG_BIN / "initdb", "-D", data, "-U", "vredvakt", "--auth=trust", "-E", "UTF8"])
        options = (
            f"-p {self.pg_port} -k {self.pg_folder} -c listen_addresses=127.0.0.1 -c fsync=on "
            "-c synchronous_commit=on -c max_connections=100 -c shared_buffers=128MB"
        )
        logfile = self.pg_folder / "log"
        as_pg_owner([PG_BIN / "pg_ctl", "-D", data, "-o", options, "-l", logfile, "-w", "start"])
        admin = self.database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE vredvakt")

    def prepare(self) -> None:
        for folder in ("mail", "data", "metrics"):
            (self.folder / folder).mkdir()
        manage = [PYTHON, "-m", "vredvakt.manage"]
        run([*manage, "migrate", "--no-input", "-v", "0"], env=self.env())
        run([*manage, "demo-data"], env=self.env())

    def start_servers(self) -> None:
        log = open(self.folder / "servers.log", "ab")  # noqa: SIM115 (closed with the run)
        for port in self.web_ports:
            command = [
                PYTHON,
                "-m",
                "gunicorn",
                "-c",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.web_workers),
                "--no-control-socket",
                "--access-logfile",
                "/dev/null",
            ]
            self.processes.append(
                subprocess.Popen(command, env=self.env(), cwd=ROOT, stdout=log, stderr=log)
            )
        for n in (1, 2):
            command = [PYTHON, "-m", "vredvakt.manage", "worker", "--id", f"bench-{n}"]
            self.processes.append(
                subprocess.Popen(command, env=self.env(), cwd=ROOT, stdout=log, stderr=log)
            )
        for port in self.web_ports:
            wait_until_up(f"http://127.0.0.1:{port}/healthz")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        if (self.pg_folder / "data").exists():
            as_pg_owner(
                [PG_BIN / "pg_ctl", "-D", self.pg_folder / "data", "-m", "fast", "-w", "stop"],
                check=False,
            )
        shutil.rmtree(self.pg_folder, ignore_errors=True)

    def cpu_groups(self) -> dict[str, list[int]]:
        postmaster = int((self.pg_folder / "data" / "postmaster.pid").read_text().split()[0])
        return {
            "web servers": [p.pid for p in self.processes[:2]],
            "workers": [p.pid for p in self.processes[2:]],
            "PostgreSQL": [postmaster],
        }

    def query(self, sql: str) -> list[tuple]:
        with psycopg.connect(self.database_url) as conn:
            return conn.execute(sql).fetchall()


class CpuMeter:
    """CPU seconds each part of the cluster spends during the load: the servers, the
    workers, PostgreSQL and locust all share the machine's cores, so a page's latency
    depends on all of them. Sampled every second, so a process that exits (a database
    connection closed) still counts up to its last sample."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = groups  # name -> root pids; their descendants count too
        self.first: dict[tuple[int, float], float] = {}
        self.last: dict[tuple[int, float], tuple[str, float]] = {}
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._sample_until_stopped, daemon=True)
        self.machine_start = psutil.cpu_times()
        self.started = time.monotonic()

    def start(self) -> None:
        self.machine_start = psutil.cpu_times()
        self.started = time.monotonic()
        self._sample(initial=True)
        self.thread.start()

    def stop(self) -> dict[str, float]:
        self.stop_event.set()
        self.thread.join()
        self._sample()
        totals = dict.fromkeys(self.groups, 0.0)
        for key, (group, seconds) in self.last.items():
            totals[group] += seconds - self.first.get(key, 0.0)
        machine = psutil.cpu_times()
        totals["whole machine"] = busy_seconds(machine) - busy_seconds(self.machine_start)
        start = self.machine_start
        totals["stolen"] = getattr(machine, "steal", 0.0) - getattr(start, "steal", 0.0)
        # locust starts, spawns and stops around its --run-time: the real span.
        totals["elapsed"] = time.monotonic() - self.started
        return totals

    def _sample_until_stopped(self) -> None:
        while not self.stop_event.wait(1.0):
            self._sample()

    def _sample(self, initial: bool = False) -> None:
        for group, pids in self.groups.items():
            for process in process_trees(pids):
                try:
                    key = (process.pid, process.create_time())
                    times = process.cpu_times()
                except psutil.Error:
                    continue
                seconds = times.user + times.system
                if initial:
                    self.first[key] = seconds
                self.last[key] = (group, seconds)


def process_trees(pids: list[int]) -> list[psutil.Process]:
    """These processes and all their descendants, those still running."""
    found: list[psutil.Process] = []
    for pid in pids:
        try:
            root = psutil.Process(pid)
            found += [root, *root.children(recursive=True)]
        except psutil.Error:
            continue
    return found


def busy_seconds(times: Any) -> float:
    """CPU seconds the machine's cores ran anything (guest time is inside user time;
    steal is time the hypervisor gave to other machines)."""
    fields = ("user", "nice", "system", "irq", "softirq")
    return sum(getattr(times, name, 0.0) for name in fields)


def run(command: list, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        [str(c) for c in command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def as_pg_owner(command: list, check: bool = True) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    subprocess.run(
        [*prefix, *(str(c) for c in command)],
        check=check,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_up(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


BASELINE_PAGES = {
    "anna": [("home", "/"), ("report form", "/cases/report/")],
    "kim": [("desk", "/cases/"), ("fleet", "/locks/")],
    "lena": [("outages", "/outages/")],
}


def baseline(cluster: Cluster, times: int = 20) -> dict[str, tuple[float, float, float]]:
    """Each page type alone, one request at a time: what the code costs without the crowd.

    Per page type: the median time, and the CPU milliseconds per request that the
    web server and PostgreSQL spent on it (all their processes, so every middleware,
    gunicorn itself and the database's side of each query count). A login has only
    its time.
    """
    base = f"http://127.0.0.1:{cluster.web_ports[0]}"
    groups = cluster.cpu_groups()
    web, database = groups["web servers"][:1], groups["PostgreSQL"]
    figures: dict[str, tuple[float, float, float]] = {}
    for username, pages in BASELINE_PAGES.items():
        with httpx.Client(base_url=base, follow_redirects=True, timeout=60) as client:
            login = client.get("/login/")
            token = login.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
            started = time.perf_counter()
            client.post(
                "/login/",
                data={
                    "username": username,
                    "password": "vredvakt-demo",
                    "csrfmiddlewaretoken": token,
                },
            )
            figures[f"login ({username})"] = ((time.perf_counter() - started) * 1000, 0.0, 0.0)
            for name, path in pages:
                # Warm: each web process compiles the page's templates on its first
                # request, and which process gets a request is up to the kernel.
                for _ in range(10):
                    client.get(path)
                took = []
                web_before, db_before = cpu_seconds(web), cpu_seconds(database)
                for _ in range(times):
                    started = time.perf_counter()
                    assert client.get(path).status_code == 200, path
                    took.append((time.perf_counter() - started) * 1000)
                web_ms = (cpu_seconds(web) - web_before) * 1000 / times
                db_ms = (cpu_seconds(database) - db_before) * 1000 / times
                figures[name] = (sorted(took)[len(took) // 2], web_ms, db_ms)
    return figures


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds used so far by these processes and all their descendants."""
    total = 0.0
    for process in process_trees(pids):
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


SESSIONS_SCRIPT = """
import json, sys
from django.contrib.auth.models import User
from django.test import Client
wanted = json.loads(sys.argv[2])
sessions = {}
for username, count in wanted.items():
    user = User.objects.get(username=username)
    sessions[username] = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        sessions[username].append(client.cookies["sessionid"].value)
print(json.dumps(sessions))
"""


def signed_in_sessions(cluster: Cluster, users: int) -> Path:
    """Sessions made up front: the load is people at work, not a login storm at 8 o'clock.

    A login costs a deliberately slow password hash (PBKDF2); 200 of them at
    once would measure the hash, not the pages. The baseline times one login.
    """
    wanted = {
        "anna": users,
        "kim": users,
        "koordinator-sodra": users,
        "koordinator-ostra": users,
        "lena": 2,
    }
    script = cluster.folder / "sessions.py"
    script.write_text(SESSIONS_SCRIPT)
    result = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django, runpy, sys; django.setup(); "
            "runpy.run_path(sys.argv[1], run_name='__main__')",
            str(script),
            json.dumps(wanted),
        ],
        env=cluster.env(),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    path = cluster.folder / "sessions.json"
    path.write_text(result.stdout.strip().splitlines()[-1])
    return path


def drive(
    cluster: Cluster, users: int, duration: int, think: str
) -> tuple[Path, dict, dict[str, float]]:
    (secret,) = cluster.query("SELECT secret FROM locks_integration WHERE name = 'demo-phoniro'")[0]
    locks = [
        row[0]
        for row in cluster.query(
            "SELECT vendor_lock_id FROM locks_lock WHERE vendor = 'Phoniro' ORDER BY id LIMIT 200"
        )
    ]
    tally_file = cluster.folder / "tally.json"
    env = {
        **os.environ,
        "BENCH_HOSTS": ",".join(f"http://127.0.0.1:{p}" for p in cluster.web_ports),
        "BENCH_SECRET": secret,
        "BENCH_LOCKS": ",".join(locks),
        "BENCH_DURATION": str(duration),
        "BENCH_THINK": think,
        "BENCH_TALLY": str(tally_file),
        "BENCH_SESSIONS": str(signed_in_sessions(cluster, users)),
    }
    prefix = cluster.folder / "locust"
    command = [
        PYTHON,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench/cluster_load.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 10)),
        "--run-time",
        f"{duration}s",
        "--host",
        env["BENCH_HOSTS"].split(",")[0],
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "10",
    ]
    meter = CpuMeter(cluster.cpu_groups())
    locust_before = children_cpu_seconds()
    meter.start()
    print(f"load average at the start: {load_average()}", flush=True)
    subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
    print(f"load average at the end: {load_average()}", flush=True)
    cpu = meter.stop()
    cpu["locust"] = children_cpu_seconds() - locust_before
    tally = json.loads(tally_file.read_text()) if tally_file.exists() else {}
    return Path(f"{prefix}_stats.csv"), tally, cpu


def children_cpu_seconds() -> float:
    """CPU of the child processes this one has waited for (locust, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_average() -> str:
    """The machine's load average (1, 5, 15 min): how much else wanted the cores."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def drained(cluster: Cluster, seconds: float) -> float:
    """Seconds until no delivery is pending (or `seconds` if some still are)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        ((pending,),) = cluster.query(
            "SELECT count(*) FROM notifications_delivery WHERE status = 'pending' "
            "AND due_at <= now()"
        )
        if pending == 0:
            return time.monotonic() - started
        time.sleep(1)
    return seconds


def settled(cluster: Cluster, quiet_s: float = 3.0, limit_s: float = 120.0) -> None:
    """Wait until no more events are being stored: requests locust gave up on at the
    end still sit in gunicorn's listen queue and are handled after it quit."""
    sql = "SELECT count(*) FROM locks_lockevent WHERE event_id LIKE 'bench-%'"
    last, since, started = -1, time.monotonic(), time.monotonic()
    while time.monotonic() - started < limit_s:
        ((now_stored,),) = cluster.query(sql)
        if now_stored != last:
            last, since = now_stored, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return
        time.sleep(0.5)


def report_cpu(cpu: dict[str, float], stats: Path) -> None:
    rows = list(csv.DictReader(stats.open()))
    requests = sum(int(r["Request Count"]) for r in rows if r["Name"] == "Aggregated") or 1
    cores = psutil.cpu_count() or 1
    elapsed = cpu.pop("elapsed")
    print(
        f"\nCPU while locust ran ({elapsed:.0f} s on {cores} cores: "
        f"{cores * elapsed:.0f} core-seconds)"
    )
    for name, seconds in cpu.items():
        share = f"{seconds / elapsed * 100:5.0f} % of a core"
        if name == "whole machine":  # everything on it, not only this benchmark
            print(f"  {name:<15}{seconds:8.1f} s  {share}  (all processes)")
        elif name == "stolen":
            print(f"  {name:<15}{seconds:8.1f} s  {share}  (by the hypervisor, for other machines)")
        else:
            per_request = f"{seconds / requests * 1000:6.1f} ms per request"
            print(f"  {name:<15}{seconds:8.1f} s  {share}  {per_request}")


def report(stats: Path, tally: dict, cluster: Cluster, drain_s: float, duration: int) -> None:
    rows = list(csv.DictReader(stats.open()))
    print(
        f"\n{'page type':<22}{'requests':>9}{'errors':>8}{'req/s':>8}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    )
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name:<22}{row['Request Count']:>9}{row['Failure Count']:>8}"
            f"{float(row['Requests/s']):>8.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )
    settled(cluster)
    ((stored,),) = cluster.query(
        "SELECT count(*) FROM locks_lockevent WHERE event_id LIKE 'bench-%'"
    )
    print(
        f"\nevents answered {tally.get('answered', 0)}, accepted {tally.get('accepted', 0)}, "
        f"duplicates {tally.get('duplicates', 0)}, refused {tally.get('refused', 0)}, "
        f"stored {stored}"
    )
    counts = dict(
        cluster.query("SELECT status, count(*) FROM notifications_delivery GROUP BY status")
    )
    queued = sum(counts.values())
    # Reminders and retries are queued for later: only a due one is owed by now.
    ((due,),) = cluster.query(
        "SELECT count(*) FROM notifications_delivery WHERE status = 'pending' AND due_at <= now()"
    )
    print(
        f"notifications queued {queued}, delivered {counts.get('delivered', 0)}, "
        f"pending {counts.get('pending', 0)} (due now {due}, the rest due later), "
        f"failed {counts.get('failed', 0)}, gave up {counts.get('gave_up', 0)} "
        f"(waited {drain_s:.0f} s after the load)"
    )
    ((outages,),) = cluster.query("SELECT count(*) FROM outages_majoroutage")
    ((cases,),) = cluster.query("SELECT count(*) FROM cases_faultcase")
    print(f"major outages {outages}, fault cases {cases}; load {duration} s")


def metrics_summary(cluster: Cluster) -> str:
    """What /metrics of one server says for the whole machine (both servers, both workers)."""
    url = f"http://127.0.0.1:{cluster.web_ports[0]}/metrics"
    text = httpx.get(url, headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=60).text
    totals: dict[str, float] = {}
    for line in text.splitlines():
        for name in (
            "vredvakt_http_requests_total",
            "vredvakt_worker_loop_duration_seconds_count",
            'vredvakt_ingest_events_total{outcome="accepted"}',
        ):
            if line.startswith(name.split("{")[0]) and (name in line or "{" not in name):
                totals[name] = totals.get(name, 0) + float(line.rsplit(" ", 1)[1])
    return ", ".join(f"{name} {value:.0f}" for name, value in totals.items())


def print_server_problems(cluster: Cluster, most: int = 15) -> None:
    """What the servers and workers logged at WARNING or above (LOG_LEVEL=WARNING):
    an error the load saw (a 503, a 500) has its cause here, and the folder is
    removed at the end."""
    lines = (cluster.folder / "servers.log").read_text(errors="replace").splitlines()
    marks = (" WARNING ", " ERROR ", " CRITICAL ", "[ERROR]", "[CRITICAL]", "Traceback")
    problems = [line for line in lines if any(mark in line for mark in marks)]
    print(f"server and worker log: {len(problems)} lines at WARNING or above")
    for line in problems[:most]:
        print(f"  {line[:300]}")


def print_baseline(cluster: Cluster, when: str) -> None:
    print(f"\none request at a time {when}; load average {load_average()}")
    print("  page type       median ms (CPU ms per request: web server, PostgreSQL)")
    for name, (ms, web_ms, db_ms) in baseline(cluster).items():
        cost = f" ({web_ms:.1f}, {db_ms:.1f})" if web_ms or db_ms else ""
        print(f"  {name:<15}{ms:7.0f}{cost}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes per server")
    parser.add_argument(
        "--think", default="2-6", help="seconds a person waits between clicks, min-max"
    )
    parser.add_argument("--drain", type=int, default=120, help="seconds to wait for deliveries")
    parser.add_argument(
        "--baseline-only", action="store_true", help="only the one-request-at-a-time figures"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="vredvakt-cluster-"))
    cluster = Cluster(folder, args.web_workers)
    try:
        print(f"PostgreSQL on port {cluster.pg_port}, web on {cluster.web_ports}", flush=True)
        cluster.start_database()
        cluster.prepare()
        cluster.start_servers()
        print_baseline(cluster, "before the load (the demo data, no case open)")
        if args.baseline_only:
            return
        print(
            f"load: {args.users} users for {args.duration} s, {args.think} s between clicks",
            flush=True,
        )
        stats, tally, cpu = drive(cluster, args.users, args.duration, args.think)
        drain_s = drained(cluster, args.drain)
        report(stats, tally, cluster, drain_s, args.duration)
        report_cpu(cpu, stats)
        print(f"/metrics of one server: {metrics_summary(cluster)}")
        print_server_problems(cluster)
        print_baseline(cluster, "after the load (its cases open, the outage declared)")
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
