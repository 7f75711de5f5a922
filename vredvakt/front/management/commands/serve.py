"""`vredvakt serve`: the web server (gunicorn) and the background worker, started together.

Both run as child processes, each in its own session, so a Ctrl-C in the
terminal reaches only this command, which then stops them in order: SIGTERM,
a grace period, then SIGKILL. If either child dies on its own, the other is
stopped too and the command fails, so a supervisor sees that Vredvakt is down.

With --simulate (the demo, scripts/start) a third child plays the demo lock
vendor: once the web server answers, `vredvakt simulate` posts telemetry for
the demo's live locks (vredvakt.demo.live), and email is written to files
instead of being sent. The simulator ending does not stop Vredvakt. The demo's
console stays readable: the access log and the simulator's output go to files
under the data folder, and the logins are printed once everything runs.

Links in email and SMS follow the port served unless SITE_URL is set.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from argparse import BooleanOptionalAction
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from vredvakt.demo import live
from vredvakt.demo.organisation import DEMO_PASSWORD, demo_logins
from vredvakt.lib.env import MISSING_SECRET_KEY
from vredvakt.notifications.services import routine_parameters

STOP_TIMEOUT_S = 15.0
POLL_S = 0.2
# Gunicorn finishes requests in flight for this long after SIGTERM.
GRACEFUL_TIMEOUT_S = 10
# The simulator starts once the web server answers, or gives up after this.
WEB_READY_TIMEOUT_S = 60.0
FILE_EMAIL = "django.core.mail.backends.filebased.EmailBackend"
# Children whose death stops Vredvakt; the simulator is only the demo's vendor.
ESSENTIAL = frozenset({"web", "worker"})


class Command(BaseCommand):
    help = "Run the web server and the background worker until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument(
            "--simulate",
            action=BooleanOptionalAction,
            default=False,
            help="Demo: also run a simulated lock vendor against this server (needs demo-data).",
        )
        parser.add_argument("--simulate-interval", type=float, default=live.INTERVAL_S)
        parser.add_argument(
            "--access-log",
            help="File for the web server's access log ('-': this console). "
            "Default: the console, or var/log/access.log with --simulate.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SECRET_KEY_MISSING:
            raise CommandError(MISSING_SECRET_KEY)
        if options["web_workers"] < 1:
            raise CommandError(_("--web-workers must be at least 1."))
        logins = _present_demo_logins()
        simulation = _simulation() if options["simulate"] else None
        logs = _log_dir() if simulation is not None else None
        env = _children_env(options, demo=simulation is not None)
        # The children open their own connections; do not hand them ours.
        connections.close_all()
        stop = _StopFlag()
        children: dict[str, subprocess.Popen[bytes]] = {}
        try:
            children["web"] = _start(
                _gunicorn_command(options, logs), env, _log_file(logs, "web.log")
            )
            children["worker"] = _start(
                _worker_command(options["port"]), env, _log_file(logs, "worker.log")
            )
            for name, child in children.items():
                self._say(_started(name) % {"pid": child.pid})
            if simulation is not None and logs is not None:
                if _web_ready(options["port"], children, stop):
                    children["simulator"] = _start_simulator(simulation, options, env, logs)
                    self._say(_simulating(simulation, timezone.now()))
                self._say(_logs_and_mail(logs))
            self._announce(_url(options["host"], options["port"]), logins)
            died = _wait(children, stop)
        finally:
            # Whatever happened above, no child outlives this command.
            _stop_all(children)
        if died is not None:
            name, code = died
            raise CommandError(_died(name) % {"code": code})
        self._say(_("Vredvakt has stopped."))

    def _announce(self, url: str, logins: list[tuple[str, str]]) -> None:
        self._say(_("Vredvakt is running at %(url)s (Ctrl-C stops it).") % {"url": url})
        if not logins:
            return
        # #14: roles that see many units' clients give a code from an authenticator app.
        self._say(
            _(
                "Administrators, the operations manager and needs assessors also set up an "
                "authenticator app (TOTP) at their first sign-in."
            )
        )
        self._say(_("Demo logins:"))
        rows = [(_("Role"), _("Username"), _("Password"))]
        rows += [(role, username, DEMO_PASSWORD) for role, username in logins]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        for role, username, password in rows:
            self._say(f"  {role:<{widths[0]}}  {username:<{widths[1]}}  {password}")

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()


class _StopFlag:
    """Set by SIGINT or SIGTERM; the main loop notices it and stops the children."""

    def __init__(self) -> None:
        self.requested = False
        signal.signal(signal.SIGINT, self._handle)
        signal.signal(signal.SIGTERM, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True


def _simulation() -> live.Simulation | None:
    simulation = live.simulation()
    if simulation is None:
        raise CommandError(_("--simulate needs the demo data: run `vredvakt demo-data` first."))
    live.simulated_locks_reset(now=timezone.now())
    return simulation


def _simulating(simulation: live.Simulation, now: datetime) -> str:
    grace = routine_parameters(now).offline_grace_minutes
    moments = live.timeline(now, grace_minutes=grace)
    return _(
        "Demo: %(count)d locks in %(areas)s report every few seconds. %(area)s goes silent "
        "at %(silent)s; Vredvakt declares its locks offline at about %(offline)s (a missed "
        "heartbeat plus the routine's %(grace)d-minute grace) and opens a major outage. "
        "They report again at %(back)s."
    ) % {
        "count": simulation.locks,
        "areas": ", ".join(simulation.areas),
        "area": simulation.fail_area,
        "silent": _clock(moments.silent_at),
        "offline": _clock(moments.offline_at),
        "grace": grace,
        "back": _clock(moments.back_at),
    }


def _clock(moment: datetime) -> str:
    return time_format(timezone.localtime(moment), "H:i")


def _logs_and_mail(logs: Path) -> str:
    return _(
        "Email is written to %(mail)s, not sent. The logs of the web server, the "
        "worker and the simulator are in %(logs)s."
    ) % {"mail": settings.EMAIL_FILE_PATH, "logs": logs}


def _log_dir() -> Path:
    logs = Path(settings.DATA_DIR) / "log"
    logs.mkdir(parents=True, exist_ok=True)
    return logs


def _children_env(options: dict[str, Any], *, demo: bool) -> dict[str, str]:
    env = dict(os.environ)
    # Links in email and SMS point at the port served, unless configured.
    env.setdefault("SITE_URL", _url(options["host"], options["port"]).rstrip("/"))
    if demo:
        # The demo's made-up people must never reach a real mail server.
        env["EMAIL_BACKEND"] = FILE_EMAIL
        env["EMAIL_FILE_PATH"] = str(settings.EMAIL_FILE_PATH)
    return env


def _start_simulator(
    simulation: live.Simulation, options: dict[str, Any], env: dict[str, str], logs: Path
) -> subprocess.Popen[bytes]:
    url = f"http://127.0.0.1:{options['port']}"
    arguments = live.simulate_arguments(simulation, url=url, interval=options["simulate_interval"])
    output = _log_file(logs, "simulator.log")
    return _start(_manage(arguments), {**env, **live.simulator_env(simulation)}, output)


def _log_file(logs: Path | None, name: str) -> Any:
    """A child's output: appended to a file of the demo's log folder, else this console."""
    return None if logs is None else (logs / name).open("ab")


def _web_ready(port: int, children: dict[str, subprocess.Popen[bytes]], stop: "_StopFlag") -> bool:
    deadline = time.monotonic() + WEB_READY_TIMEOUT_S
    while time.monotonic() < deadline and not stop.requested:
        if any(child.poll() is not None for child in children.values()):
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return True
        time.sleep(POLL_S)
    return False


def _started(name: str) -> str:
    if name == "web":
        return _("Started the web server (pid %(pid)d).")
    return _("Started the worker (pid %(pid)d).")


def _died(name: str) -> str:
    if name == "web":
        return _(
            "The web server stopped unexpectedly (exit code %(code)d); stopped the worker too."
        )
    return _("The worker stopped unexpectedly (exit code %(code)d); stopped the web server too.")


def _present_demo_logins() -> list[tuple[str, str]]:
    logins = demo_logins()
    try:
        present = set(
            User.objects.filter(username__in=[u for _r, u in logins]).values_list(
                "username", flat=True
            )
        )
    except DatabaseError:  # not migrated yet: nothing to show
        return []
    return [(role, username) for role, username in logins if username in present]


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"  # IPv6 needs brackets


def _url(host: str, port: int) -> str:
    return f"http://{_address(host, port)}/"


def _gunicorn_command(options: dict[str, Any], logs: Path | None) -> list[str]:
    access_log = options.get("access_log") or (str(logs / "access.log") if logs else "-")
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        _address(options["host"], options["port"]),
        "--workers",
        str(options["web_workers"]),
        "--graceful-timeout",
        str(GRACEFUL_TIMEOUT_S),
        "--access-logfile",
        access_log,
        # This command supervises gunicorn itself; gunicorn's control socket sits at
        # one path per user, so two instances side by side would fight over it.
        "--no-control-socket",
    ]


def _manage(arguments: list[str]) -> list[str]:
    return [sys.executable, "-m", "vredvakt.manage", *arguments]


def _worker_command(port: int) -> list[str]:
    # A stable id (not the pid): restarted, the worker takes back its claimed rows
    # at once instead of leaving them for a lease (#16). The port tells two
    # `serve` on one host apart.
    worker_id = settings.WORKER_ID.strip() or f"{socket.gethostname()}:serve-{port}"
    return _manage(["worker", "--id", worker_id])


def _start(
    command: list[str], env: dict[str, str] | None = None, output: Any = None
) -> subprocess.Popen[bytes]:
    # A session of its own: the terminal's Ctrl-C is ours to forward, not theirs.
    stderr = subprocess.STDOUT if output is not None else None
    return subprocess.Popen(command, start_new_session=True, env=env, stdout=output, stderr=stderr)


def _wait(children: dict[str, subprocess.Popen[bytes]], stop: _StopFlag) -> tuple[str, int] | None:
    """Block until a stop is asked for (None) or a web/worker child exits: (its name, exit code)."""
    while not stop.requested:
        for name, child in children.items():
            code = child.poll()
            if code is not None and name in ESSENTIAL:
                return name, code
        time.sleep(POLL_S)
    return None


def _stop_all(children: dict[str, subprocess.Popen[bytes]]) -> None:
    living = [child for child in children.values() if child.poll() is None]
    for child in living:
        child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for child in living:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(child, signal.SIGKILL)
            child.wait()
    for child in children.values():
        # Gunicorn's own workers live in the same group; leave none behind.
        _signal_group(child, signal.SIGKILL)


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)
