"""The worker loop: every tick, run each registered due-work handler once.

The database is the queue (see vredvakt.jobs.claims). A handler claims what is
due, does it and reports how many rows it handled; the loop runs again at once
while there is work and otherwise sleeps a little. Apps register handlers in
their AppConfig.ready(), so later work (silent-lock sweep, outage correlation)
plugs in without touching this file:

    @due_work("locks.silent_sweep")
    def sweep(tick: Tick) -> int: ...
"""

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

from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from vredvakt.ops.metrics import worker_loop_timed

log = logging.getLogger("vredvakt.worker")

DEFAULT_LEASE = timedelta(minutes=5)
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
        done = run_tick(Tick(now=now), only)
        total += done
        if done == 0:
            return total
    raise RuntimeError("work left after max_ticks ticks")


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


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

    def install_signal_handlers(self) -> None:
        # SIGTERM/SIGINT: finish the row in hand, then leave the loop (exit 0).
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        log.info("worker %s: signal %s, stopping after the current row", self.worker_id, signum)
        self.stop.set()

    def run(self, *, max_ticks: int | None = None) -> None:
        from vredvakt.jobs.services import heartbeat_start, heartbeat_stop, release_own_claims

        now = timezone.now()
        heartbeat_start(worker_id=self.worker_id, pid=os.getpid(), now=now)
        released = release_own_claims(worker_id=self.worker_id)
        if released:
            log.info("worker %s: took back %d rows from a previous run", self.worker_id, released)
        ticks = 0
        while not self.stop.is_set() and (max_ticks is None or ticks < max_ticks):
            ticks += 1
            done = self._tick()
            if done == 0:
                self.stop.wait(self.idle_seconds)
        heartbeat_stop(worker_id=self.worker_id, now=timezone.now())

    def _tick(self) -> int:
        close_old_connections()
        try:
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
                return run_tick(tick)
        except DatabaseError:
            # The database restarted or a connection broke: back off and reconnect.
            log.exception("worker %s: database error", self.worker_id)
            close_old_connections()
            self.stop.wait(self.idle_seconds * 5)
            return 0

    def beat(self, force: bool = False) -> None:
        from vredvakt.jobs.services import heartbeat_record

        if force or time.monotonic() - self._last_beat >= HEARTBEAT_EVERY_SECONDS:
            heartbeat_record(worker_id=self.worker_id, now=timezone.now())
            self._last_beat = time.monotonic()
