"""The live demo says when its outage happens, and it happens then (R11, R17).

On the demo municipality as `demo-data` makes it: Norrby's simulated locks
report, go silent when the demo said, are declared offline at the moment the
demo said (not 25 minutes later), and one major outage opens.
"""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from vredvakt.demo import live
from vredvakt.jobs.loop import drain
from vredvakt.locks.ingest import parse_events
from vredvakt.locks.ingest_store import lock_events_ingest
from vredvakt.locks.integrations import SIMULATOR_SECRET_ENV
from vredvakt.locks.management.commands.simulate import Command as Simulate
from vredvakt.locks.models import Integration, Lock
from vredvakt.locks.telemetry import LockStatus
from vredvakt.notifications.services import routine_parameters
from vredvakt.outages.models import MajorOutage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> live.Simulation:
    call_command("demo-data", stdout=io.StringIO())
    simulation = live.simulation()
    assert simulation is not None
    return simulation


def heartbeats(integration: Integration, locks: list[Lock], at) -> None:
    events = [
        {"event_id": f"{lock.pk}-{at.timestamp()}", "lock": lock.vendor_lock_id,
         "type": "heartbeat", "at": at.isoformat()}
        for lock in locks
    ]  # fmt: skip
    parsed = parse_events(json.dumps(events).encode(), at)
    lock_events_ingest(
        integration_id=integration.pk, vendor=integration.vendor, events=parsed, now=at
    )


def test_the_silent_area_goes_offline_when_the_demo_said(demo: live.Simulation) -> None:
    start = timezone.now().replace(microsecond=0)
    grace = routine_parameters(start).offline_grace_minutes
    moments = live.timeline(start, grace_minutes=grace)
    integration = Integration.objects.get(name=demo.integration)
    norrby = list(Lock.objects.filter(vendor=integration.vendor, area=demo.fail_area))
    assert len(norrby) >= 10  # enough for a major outage (R11)
    heartbeats(integration, norrby, moments.silent_at - timedelta(seconds=5))

    drain(moments.offline_at - timedelta(seconds=30), only={"locks.sweep", "outages.telemetry"})
    assert not Lock.objects.filter(pk__in=[lock.pk for lock in norrby], status="offline").exists()
    assert not MajorOutage.objects.exists()

    drain(moments.offline_at + timedelta(seconds=30), only={"locks.sweep", "outages.telemetry"})
    offline = Lock.objects.filter(pk__in=[lock.pk for lock in norrby], status=LockStatus.OFFLINE)
    assert offline.count() == len(norrby)
    assert MajorOutage.objects.count() == 1
    # The demo's own words name these moments, a few minutes apart, not half an hour.
    assert moments.offline_at - start < timedelta(minutes=15)


def test_a_secret_that_begins_with_a_dash_reaches_the_simulator(
    demo: live.Simulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One start in 64 the random secret began with "-", and argparse took it for an option.
    sim = live.Simulation(demo.integration, "-Xq" + demo.secret, demo.locks, demo.areas, "Norrby")
    arguments = live.simulate_arguments(sim, url="http://127.0.0.1:8000", interval=20)
    assert sim.secret not in arguments  # nor shown by `ps` to every user of the machine
    for name, value in live.simulator_env(sim).items():
        monkeypatch.setenv(name, value)
    options = Simulate().create_parser("vredvakt", "simulate").parse_args(arguments[1:])
    assert options.secret == sim.secret


def test_the_simulator_without_a_secret_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management.base import CommandError

    monkeypatch.delenv(SIMULATOR_SECRET_ENV, raising=False)
    with pytest.raises(CommandError, match=SIMULATOR_SECRET_ENV):
        call_command(
            "simulate", "--url", "http://127.0.0.1:1", "--integration", "x", "--locks", "1"
        )
