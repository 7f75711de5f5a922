"""The live demo (R17): a demo integration whose locks `vredvakt serve --simulate` keeps talking.

`demo-data` creates the integration; `serve --simulate` runs `vredvakt
simulate` against itself for the Phoniro locks of two neighbourhoods, with a
heartbeat every few seconds. Once per run the first of them goes silent for a
while, long enough to be declared offline (the locks' 1-minute interval plus
the routine's grace), so the fleet view, the cases and a major outage come
alive; then it comes back. `timeline` says when each of these happens.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from vredvakt.audit.services import audit_record
from vredvakt.demo.upsert import Tally
from vredvakt.locks.integrations import SIMULATOR_SECRET_ENV, new_secret
from vredvakt.locks.models import Integration, Lock
from vredvakt.locks.telemetry import LockStatus

INTEGRATION = "demo-phoniro"
VENDOR = "Phoniro"
AREAS = ("Norrby", "Ekdalen")  # Phoniro's neighbourhoods in the demo municipality
FAIL_AREA = "Norrby"
# The live locks expect a heartbeat every minute (the rest of the demo's fleet
# every 15), so a silent area is declared offline minutes after it goes quiet.
HEARTBEAT_S = 60
# Seconds into the run: silent from 2 minutes, back after 25 (offline from about 13).
FAIL_AFTER_S = 120
RECOVER_AFTER_S = 1500
DURATION_S = 24 * 3600
INTERVAL_S = 20.0
MAX_LOCKS = 100


def is_live(vendor: str, area: str) -> bool:
    return vendor == VENDOR and area in AREAS


def integration_ensure(*, now: datetime) -> Tally:
    """The demo's vendor integration: made once with a random secret, then left alone."""
    if Integration.objects.filter(name=INTEGRATION).exists():
        return Tally(unchanged=1)
    Integration.objects.create(name=INTEGRATION, vendor=VENDOR, secret=new_secret(), created_at=now)
    return Tally(created=1)


@dataclass(frozen=True)
class Simulation:
    integration: str
    secret: str
    locks: int
    areas: tuple[str, ...]
    fail_area: str


def simulation() -> Simulation | None:
    """What `serve --simulate` runs, or None when the demo data is not loaded."""
    integration = Integration.objects.filter(name=INTEGRATION, active=True).first()
    if integration is None:
        return None
    count = Lock.objects.filter(vendor=integration.vendor, area__in=AREAS).count()
    if not count:
        return None
    return Simulation(INTEGRATION, integration.secret, min(count, MAX_LOCKS), AREAS, FAIL_AREA)


def simulated_locks_reset(*, now: datetime) -> int:
    """Locks not simulated since the last run start as "not heard from yet".

    Otherwise the first sweep would declare them all offline at once, and every
    start of the demo would open a major outage.
    """
    stale = Lock.objects.filter(vendor=VENDOR, area__in=AREAS, overdue_at__lte=now)
    with transaction.atomic():
        count = stale.update(
            status=LockStatus.UNKNOWN, status_changed_at=now, overdue_at=None, last_event_at=None
        )
        if count:
            audit_record(
                actor=None,
                action="demo.simulation_reset",
                object_type="locks.lock",
                via="cli",
                detail={"locks": count},
                now=now,
            )
    return count


@dataclass(frozen=True)
class Timeline:
    """When the demo's outage happens, for a run started at `start` (R11, R17)."""

    silent_at: datetime
    offline_at: datetime
    back_at: datetime


def timeline(start: datetime, *, grace_minutes: int) -> Timeline:
    # R17: offline once a heartbeat is missed and the routine's grace has passed.
    silent_at = start + timedelta(seconds=FAIL_AFTER_S)
    offline_at = silent_at + timedelta(seconds=HEARTBEAT_S, minutes=grace_minutes)
    return Timeline(silent_at, offline_at, start + timedelta(seconds=RECOVER_AFTER_S))


def simulator_env(sim: Simulation) -> dict[str, str]:
    return {SIMULATOR_SECRET_ENV: sim.secret}


def simulate_arguments(sim: Simulation, *, url: str, interval: float) -> list[str]:
    arguments = [
        "simulate",
        "--url",
        url,
        "--integration",
        sim.integration,
        "--locks",
        str(sim.locks),
        "--fail-area",
        sim.fail_area,
        "--fail-after",
        str(FAIL_AFTER_S),
        "--recover-after",
        str(RECOVER_AFTER_S),
        "--duration",
        str(DURATION_S),
        "--interval",
        str(interval),
        "--rate",
        "50",
    ]
    for area in sim.areas:
        arguments += ["--area", area]
    return arguments
