"""Several gunicorn processes, one /metrics: PROMETHEUS_MULTIPROC_DIR adds them up."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ops.scrape import TOKEN, parse, value
from tests.worker.process import ROOT, database_url, stop

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="tests-only-not-secret",
        DATABASE_URL=database_url(),
        METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        VREDVAKT_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        LOG_LEVEL="WARNING",
    )
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
    command += ["--no-control-socket", "--access-logfile", "/dev/null"]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            stop(process)
            raise TimeoutError("gunicorn did not answer")
        time.sleep(0.1)
    yield base, metrics_dir
    stop(process)


def test_a_scrape_of_any_process_counts_the_requests_of_all(gunicorn):
    base, metrics_dir = gunicorn
    sent = 0
    # A new connection each time, so either process may take it; on until both have.
    while sent < 30 or len(list(metrics_dir.glob("counter_*.db"))) < 2:
        assert httpx.get(f"{base}/login/", headers={"Connection": "close"}).status_code == 200
        sent += 1
        assert sent < 500, "one process took every connection"
    headers = {"Authorization": f"Bearer {TOKEN}", "Connection": "close"}
    for _ in range(4):
        samples = parse(httpx.get(f"{base}/metrics", headers=headers).text)
        login = {"route": "login", "method": "GET", "status": 200}
        assert value(samples, "vredvakt_http_requests_total", **login) == sent
        assert value(samples, "vredvakt_database_up") == 1
