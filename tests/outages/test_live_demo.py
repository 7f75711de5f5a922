"""`vredvakt serve --simulate`: the demo is alive, and Ctrl-C stops the simulator too.

The real commands run as subprocesses against a temporary SQLite file, the
way `scripts/start` runs them.
"""

import contextlib
import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.demo.test_serve import (
    DEADLINE_S,
    free_port,
    in_sessions,
    manage,
    processes,
    wait_for_login_page,
)
from tests.demo.test_serve import env as serve_env  # noqa: F401 - the migrated demo database

# The demo on its own SQLite file, as scripts/start runs it.
pytestmark = [pytest.mark.own_database, pytest.mark.slow]


class LiveServe:
    def __init__(self, env: dict[str, str], port: int) -> None:
        self.port = port
        command = manage("serve", "--port", str(port), "--web-workers", "1", "--simulate")
        self.process = subprocess.Popen(
            [*command, "--simulate-interval", "2"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        stdout = self.process.stdout
        assert stdout is not None
        threading.Thread(target=lambda: self.lines.extend(stdout), daemon=True).start()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def children(self) -> set[int]:
        return {pid for pid, (ppid, _s) in processes().items() if ppid == self.process.pid}


def heard_from(database: Path) -> int:
    with sqlite3.connect(database) as db:
        row = db.execute(
            "SELECT count(*) FROM locks_lock WHERE vendor = 'Phoniro' AND last_seen_at IS NOT NULL"
        ).fetchone()
    return int(row[0])


@pytest.fixture
def live(serve_env: dict[str, str]):  # noqa: F811
    serve = LiveServe(serve_env, free_port())
    yield serve
    # A failed assertion leaves serve running: stop it as Ctrl-C does, so its web
    # server, worker and simulator stop too, and kill whatever still outlives it.
    children = serve.children()
    if serve.process.poll() is None:
        serve.process.send_signal(signal.SIGINT)
        try:
            serve.process.wait(timeout=DEADLINE_S)
        except subprocess.TimeoutExpired:
            serve.process.kill()
            serve.process.wait()
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_the_demo_locks_report_live_and_ctrl_c_stops_everything(
    live: LiveServe,
    serve_env: dict[str, str],  # noqa: F811
) -> None:
    wait_for_login_page(live.port, live)  # type: ignore[arg-type]
    database = Path(serve_env["DATABASE_URL"].removeprefix("sqlite:///"))
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline and (len(live.children()) < 3 or heard_from(database) < 5):
        time.sleep(0.5)
    children = live.children()
    assert len(children) == 3, live.output  # gunicorn, the worker and the simulator
    assert heard_from(database) >= 5, live.output
    assert "Norrby" in live.output  # it says what it simulates
    # The console stays readable: requests and the simulator's lines go to files,
    # and the logins are the last thing printed.
    data = Path(serve_env["VREDVAKT_DATA_DIR"])
    assert "lock-events" in (data / "log" / "access.log").read_text()
    assert "lock-events" not in live.output and "HTTP/1.1" not in live.output
    assert live.output.rstrip().splitlines()[-1].split()[-1] == "vredvakt-demo"

    live.process.send_signal(signal.SIGINT)
    assert live.process.wait(timeout=DEADLINE_S) == 0, live.output
    assert in_sessions(children) == set()


def test_simulate_needs_the_demo_data(
    tmp_path: Path, migrated_sqlite: Callable[[Path], Path]
) -> None:
    database = migrated_sqlite(tmp_path / "empty.sqlite3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "VREDVAKT_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "live-demo-test",
    }
    done = subprocess.run(
        manage("serve", "--port", str(free_port()), "--simulate"),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "demo-data" in done.stderr
