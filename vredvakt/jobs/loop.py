"""The worker loop: every tick, run each registered due-work handler once.

The database is the queue (see vredvakt.jobs.claims). A handler claims what is
due, does it and reports how many rows it handled; the loop runs again at once
while there is work and otherwise sleeps a little. Apps register handlers in
their AppConfig.ready(), so later work (silent-lock sweep, outage correlation)
plugs in without touching this file:

    @due_work("locks.silent_sweep")
    def sweep(tick: Tick) -> int: ...

Healing (#16): a lease is short and a thread of the worker renews the claims it
holds while it works, so a dead worker's rows return within one lease. When the
database fails, the worker logs one line, waits, and once the database answers
again runs the apps' recovery steps (`after_reconnect`, e.g. record the sends
the database missed) and hands back every row it still holds, so nothing waits
out a lease after a blip. It does the same when it starts, under a stable id.
"""

import contextlib
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import FrameType

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
)
from django.utils import timezone

from vredvakt.jobs.claims import claims_forget, claims_renew
from vredvakt.ops.metrics import worker_loop_timed

log = logging.getLogger("vredvakt.worker")

# Short, because it is renewed while the work runs: it only decides how soon the
# rows of a worker that died (or hangs) go to another one.
DEFAULT_LEASE = timedelta(seconds=30)
# Idle sleep between ticks; /healthz calls a worker stale long after this.
DEFAULT_IDLE_SECONDS = 1.0
HEARTBEAT_EVERY_SECONDS = 1.0


@dataclass
class Tick:
    """What a handler gets: the moment it runs at, who it is, and when to stop."""

    now: datetime
    worker_id: str = "inline"
    lease: timedelta = DEFAULT_LEASE
    stop: threading.Event = field(default_factory=threading.Event)
    # A real worker follows the wall clock within a tick (a slow batch records true
    # times); tests pass `now` in and every timestamp of the tick is that `now`.
    live: bool = False
    # Handlers that wait on the network may work on this many rows at once.
    threads: int = 1
    on_progress: Callable[[], None] | None = None

    def moment(self) -> datetime:
        return timezone.now() if self.live else self.now

    def stopping(self) -> bool:
        return self.stop.is_set()

    def progress(self) -> None:
        """Called by handlers between rows: keeps the heartbeat fresh in a long batch."""
        if self.on_progress is not None:
            self.on_progress()


Handler = Callable[[Tick], int]
_handlers: dict[str, Handler] = {}


def due_work(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _handlers[name] = handler
        return handler

    return register


def handlers() -> dict[str, Handler]:
    return dict(_handlers)


# A recovery step gets the worker id and returns how many rows it put right.
RecoveryStep = Callable[[str], int]
_recovery_steps: dict[str, RecoveryStep] = {}


def after_reconnect(name: str) -> Callable[[RecoveryStep], RecoveryStep]:
    """Register a step the worker runs when the database answers again, before it
    hands back its claims (e.g. record deliveries that were sent while it was down)."""

    def register(step: RecoveryStep) -> RecoveryStep:
        _recovery_steps[name] = step
        return step

    return register


def run_tick(tick: Tick, only: set[str] | None = None) -> int:
    """Run every handler once; one failing handler does not stop the others."""
    done = 0
    for name, handler in _handlers.items():
        if tick.stopping():
            break
        if only is not None and name not in only:
            continue
        try:
            done += handler(tick)
        except DatabaseError:
            raise  # the loop backs off and reconnects
        except Exception:
            log.exception("due-work handler %s failed", name)
    return done


def drain(now: datetime, *, only: set[str] | None = None, max_ticks: int = 1000) -> int:
    """Run ticks at `now` until nothing is left to do (tests and one-shot runs)."""
    total = 0
    for _ in range(max_ticks):
        tick = Tick(now=now)
        done = run_tick(tick, only)
        claims_forget(tick.worker_id)
        total += done
        if done == 0:
            return total
    raise RuntimeError("work left after max_ticks ticks")


def default_worker_id() -> str:
    """WORKER_ID, else one per host: stable across restarts, so a restarted worker
    takes its rows back at once. A second worker on the same host needs its own id
    (the systemd units use host:worker-N, `vredvakt serve` host:serve-PORT)."""
    return settings.WORKER_ID.strip() or f"{socket.gethostname()}:worker"


class WorkerIdTaken(Exception):
    def __init__(self, worker_id: str, pid: int) -> None:
        super().__init__(f"worker id {worker_id!r} is in use by process {pid} on this host")
        self.worker_id = worker_id
        self.pid = pid


class LeaseKeeper(threading.Thread):
    """Renews the worker's claims every third of a lease while the worker lives."""

    def __init__(self, worker_id: str, lease: timedelta) -> None:
        super().__init__(name="lease-keeper", daemon=True)
        self.worker_id = worker_id
        self.lease = lease
        self.done = threading.Event()

    def run(self) -> None:
        try:
            while not self.done.wait(self.lease.total_seconds() / 3):
                try:
                    claims_renew(worker_id=self.worker_id, now=timezone.now(), lease=self.lease)
                except DatabaseError:
                    # The main loop reports the outage; try again next time.
                    with contextlib.suppress(DatabaseError):
                        connection.close()
        finally:
            connection.close()


class Worker:
    def __init__(
        self,
        worker_id: str | None = None,
        *,
        lease: timedelta = DEFAULT_LEASE,
        idle_seconds: float = DEFAULT_IDLE_SECONDS,
        threads: int = 1,
    ) -> None:
        self.worker_id = worker_id or default_worker_id()
        self.lease = lease
        self.threads = threads
        self.idle_seconds = idle_seconds
        self.stop = threading.Event()
        self._last_beat = 0.0
        self._started = False
        # After a database error: hand back what we hold before the next tick.
        self._recover_pending = False
        # Set while the database cannot be reached: since when (monotonic clock).
        self.down_since: float | None = None

    def install_signal_handlers(self) -> None:
        # SIGTERM/SIGINT: finish the row in hand, then leave the loop (exit 0).
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        log.info("worker %s: signal %s, stopping after the current row", self.worker_id, signum)
        self.stop.set()

    def run(self, *, max_ticks: int | None = None) -> None:
        from vredvakt.jobs.services import heartbeat_stop

        keeper = LeaseKeeper(self.worker_id, self.lease)
        keeper.start()
        ticks = 0
        try:
            while not self.stop.is_set() and (max_ticks is None or ticks < max_ticks):
                ticks += 1
                done = self._tick()
                if done == 0:
                    self.stop.wait(self.idle_seconds)
        finally:
            keeper.done.set()
            keeper.join()
        with contextlib.suppress(DatabaseError):
            heartbeat_stop(worker_id=self.worker_id, now=timezone.now())

    def _tick(self) -> int:
        close_old_connections()
        try:
            if not self._started or self._recover_pending:
                self.recover()
            self.beat()
            tick = Tick(
                now=timezone.now(),
                worker_id=self.worker_id,
                lease=self.lease,
                stop=self.stop,
                live=True,
                threads=self.threads,
                on_progress=self.beat,
            )
            with worker_loop_timed():
                done = run_tick(tick)
        except DatabaseError as exc:
            self._database_failed(exc)
            return 0
        # Every row of the tick is done or handed back: nothing left to renew. (After a
        # database error the claims stay renewed until `recover` hands them back.)
        claims_forget(self.worker_id)
        return done

    def recover(self) -> int:
        """On start and after a database failure: put right what the database missed,
        then hand back every row still claimed under this id (none is in progress)."""
        from vredvakt.jobs.services import heartbeat_start, release_own_claims, worker_id_taken

        if not self._started:
            twin = worker_id_taken(worker_id=self.worker_id, now=timezone.now())
            if twin is not None:
                raise WorkerIdTaken(self.worker_id, twin)
            heartbeat_start(worker_id=self.worker_id, pid=os.getpid(), now=timezone.now())
        repaired = sum(step(self.worker_id) for step in _recovery_steps.values())
        released = release_own_claims(worker_id=self.worker_id)
        claims_forget(self.worker_id)
        if self.down_since is not None:
            log.warning(
                "worker %s: database back after %.0f s; recorded %d sends, handed back %d rows",
                self.worker_id,
                time.monotonic() - self.down_since,
                repaired,
                released,
            )
        elif released or repaired:
            log.info("worker %s: took back %d rows from a previous run", self.worker_id, released)
        self._started = True
        self._recover_pending = False
        self.down_since = None
        return released

    def _database_failed(self, exc: DatabaseError) -> None:
        self._recover_pending = True
        if not isinstance(exc, OperationalError | InterfaceError):
            # Not an outage but a failing statement (a bug): its traceback matters.
            log.exception("worker %s: database error", self.worker_id)
        elif self.down_since is None:
            # One line per outage, not a traceback per tick.
            self.down_since = time.monotonic()
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            log.error("worker %s: database unavailable: %s", self.worker_id, reason)
        with contextlib.suppress(DatabaseError):
            connection.close()
        self.stop.wait(self.idle_seconds)  # then try again

    def beat(self, force: bool = False) -> None:
        from vredvakt.jobs.services import heartbeat_record

        if force or time.monotonic() - self._last_beat >= HEARTBEAT_EVERY_SECONDS:
            heartbeat_record(worker_id=self.worker_id, now=timezone.now())
            self._last_beat = time.monotonic()
