"""`vredvakt serve`: the web server and the worker start together and stop together.

These run the real commands as subprocesses against a temporary SQLite file,
the way `scripts/start` does for a trial.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils.translation import gettext

from vredvakt.demo.organisation import DEMO_PASSWORD

# The demo on its own SQLite file, as scripts/start runs it.
pytestmark = [pytest.mark.own_database, pytest.mark.slow]

DEADLINE_S = 60.0


def manage(*args: str) -> list[str]:
    return [sys.executable, "-m", "vredvakt.manage", *args]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def env(tmp_path_factory, migrated_sqlite: Callable[[Path], Path]) -> dict[str, str]:
    data = tmp_path_factory.mktemp("serve")
    migrated_sqlite(data / "vredvakt.sqlite3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{data / 'vredvakt.sqlite3'}",
        "VREDVAKT_DATA_DIR": str(data),
        "SECRET_KEY": "serve-test-not-secret",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "PYTHONUNBUFFERED": "1",
    }
    done = subprocess.run(manage("demo-data"), env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return env


class Serve:
    """`vredvakt serve` running, with its output collected as it comes."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.process = subprocess.Popen(
            manage("serve", "--port", str(port), "--web-workers", "1"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        assert self.process.stdout is not None
        stdout = self.process.stdout
        self.reader = threading.Thread(target=lambda: self.lines.extend(stdout), daemon=True)
        self.reader.start()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def children(self) -> set[int]:
        return {pid for pid, (ppid, _session) in processes().items() if ppid == self.process.pid}

    def wait_for_children(self, count: int) -> set[int]:
        deadline = time.monotonic() + DEADLINE_S
        while len(self.children()) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.children()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def processes() -> dict[int, tuple[int, int]]:
    """Living processes as pid -> (parent pid, session id), read from /proc."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # exited while we looked
        state, ppid, _group, session = stat.rsplit(")", 1)[1].split()[:4]
        if state != "Z":
            found[int(entry)] = (int(ppid), int(session))
    return found


def in_sessions(sessions: set[int]) -> set[int]:
    return {pid for pid, (_ppid, session) in processes().items() if session in sessions}


def wait_for_login_page(port: int, serve: Serve) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        assert serve.process.poll() is None, serve.output
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as r:
                if r.status == 200:
                    return
        except OSError:  # not listening yet, or still loading the app
            time.sleep(0.2)
    pytest.fail(f"the login page never answered:\n{serve.output}")


@pytest.fixture
def serve_factory(env):
    started: list[Serve] = []

    def start(port: int) -> Serve:
        serve = Serve(env, port)
        started.append(serve)
        return serve

    yield start
    for serve in started:
        sessions = serve.children()
        serve.kill()
        for pid in in_sessions(sessions):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_ctrl_c_stops_the_web_server_and_the_worker_and_exits_0(serve_factory):
    port = free_port()
    serve = serve_factory(port)
    wait_for_login_page(port, serve)
    children = serve.wait_for_children(2)
    assert len(children) == 2  # gunicorn and the worker
    assert len(in_sessions(children)) >= 3  # gunicorn's own web worker too

    serve.process.send_signal(signal.SIGINT)
    assert serve.process.wait(timeout=DEADLINE_S) == 0, serve.output
    assert in_sessions(children) == set()
    assert f"http://127.0.0.1:{port}/" in serve.output
    assert "anna" in serve.output
    assert DEMO_PASSWORD in serve.output


def test_sigterm_stops_both_too(serve_factory):
    port = free_port()
    serve = serve_factory(port)
    wait_for_login_page(port, serve)
    children = serve.wait_for_children(2)

    serve.process.send_signal(signal.SIGTERM)
    assert serve.process.wait(timeout=DEADLINE_S) == 0, serve.output
    assert in_sessions(children) == set()


def test_it_stops_the_worker_and_fails_when_the_web_server_cannot_start(serve_factory):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        serve = serve_factory(taken.getsockname()[1])
        children = serve.wait_for_children(2)
        code = serve.process.wait(timeout=DEADLINE_S)
    assert code != 0
    assert in_sessions(children) == set()
    message = gettext(
        "The web server stopped unexpectedly (exit code %(code)d); stopped the worker too."
    )
    assert message.split("%(")[0] in serve.output, serve.output


def test_links_follow_the_port_served_unless_the_site_address_is_set(monkeypatch):
    from vredvakt.front.management.commands.serve import _children_env

    monkeypatch.delenv("SITE_URL", raising=False)
    options = {"host": "127.0.0.1", "port": 8101}
    assert _children_env(options, demo=False)["SITE_URL"] == "http://127.0.0.1:8101"
    monkeypatch.setenv("SITE_URL", "https://vredvakt.kommun.se")
    assert _children_env(options, demo=False)["SITE_URL"] == "https://vredvakt.kommun.se"


def test_the_demo_never_sends_email(monkeypatch):
    from vredvakt.front.management.commands.serve import _children_env

    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    env = _children_env({"host": "127.0.0.1", "port": 8000}, demo=True)
    assert env["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
