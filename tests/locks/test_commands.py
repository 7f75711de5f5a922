"""`vredvakt integration` and `vredvakt simulate`."""

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO

import httpx
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import World
from tests.locks.conftest import NOW, event, post
from vredvakt.audit.models import AuditEntry
from vredvakt.locks.management.commands.simulate import Fleet, run, signed_poster
from vredvakt.locks.models import Integration, Lock, LockEvent
from vredvakt.locks.telemetry import LockStatus


def command(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_integration_create_prints_the_secret_once(world: World) -> None:
    secret = command("integration", "create", "phoniro", "--vendor", "Phoniro")
    integration = Integration.objects.get(name="phoniro")
    assert integration.secret == secret and len(secret) >= 40
    listing = command("integration", "list")
    assert "phoniro" in listing and secret not in listing
    assert AuditEntry.objects.filter(action="integration.create").exists()


def test_integration_create_rejects_a_name_twice_or_not_a_slug(world: World) -> None:
    command("integration", "create", "phoniro", "--vendor", "Phoniro")
    with pytest.raises(CommandError):
        command("integration", "create", "phoniro", "--vendor", "Phoniro")
    with pytest.raises(CommandError):
        command("integration", "create", "två ord", "--vendor", "Phoniro")
    assert Integration.objects.count() == 1


@pytest.mark.usefixtures("frozen")
def test_a_rotated_secret_works_and_the_old_one_until_finished(world: World) -> None:
    old = command("integration", "create", "phoniro", "--vendor", "Phoniro")
    new = command("integration", "rotate", "phoniro")
    assert post([event("e1")], secret=old).status_code == 202
    assert post([event("e2")], secret=new).status_code == 202
    command("integration", "finish-rotation", "phoniro")
    assert post([event("e3")], secret=old).status_code == 401
    assert post([event("e4")], secret=new).status_code == 202


def test_the_admin_shows_the_secret_masked(world: World) -> None:
    integration = Integration.objects.create(
        name="phoniro", vendor="Phoniro", secret="abcdefghijklmnop", created_at=NOW
    )
    client = Client()
    world.adam.is_staff = world.adam.is_superuser = True
    world.adam.save()
    client.force_login(world.adam)
    page = client.get(f"/admin/locks/integration/{integration.pk}/change/").content.decode()
    assert "abcd…" in page and "abcdefghijklmnop" not in page


def test_the_admin_changes_a_lock_through_the_services(world: World) -> None:
    # Audited like the API's changes, and the running deadline moves (R17).
    Lock.objects.filter(pk=world.karin_lock.pk).update(
        status="ok", last_seen_at=NOW, last_event_at=NOW, overdue_at=NOW + timedelta(minutes=25)
    )
    client = Client()
    world.adam.is_staff = world.adam.is_superuser = True
    world.adam.save()
    client.force_login(world.adam)
    url = f"/admin/locks/lock/{world.karin_lock.pk}/change/"
    form = {
        "vendor": "Phoniro",
        "vendor_lock_id": "PH-1",
        "model": "",
        "client": world.karin.pk,
        "heartbeat_interval_s": 3600,
        "area": "",
        "gateway": "",
    }
    assert client.post(url, form).status_code == 302
    lock = Lock.objects.get(pk=world.karin_lock.pk)
    assert (lock.heartbeat_interval_s, lock.overdue_at) == (3600, NOW + timedelta(minutes=70))
    entry = AuditEntry.objects.get(action="lock.update")
    assert (entry.actor, entry.via) == (world.adam, "admin")

    added = client.post("/admin/locks/lock/add/", {**form, "vendor_lock_id": "PH-77"})
    assert added.status_code == 302
    new = Lock.objects.get(vendor_lock_id="PH-77")
    assert AuditEntry.objects.filter(action="lock.create", object_id=str(new.pk)).exists()


def fleet(locks: int = 6, fail_area: str | None = "north") -> Fleet:
    ids = [(f"S-{n}", "north" if n % 2 else "south") for n in range(locks)]
    return Fleet(
        ids, interval=10, fail_area=fail_area, fail_from=30, fail_until=60, rng=random.Random(1)
    )


def test_the_simulated_fleet_beats_once_per_interval() -> None:
    sim = fleet(fail_area=None)
    beats = [e for second in range(30) for e in sim.due(second, NOW) if e["type"] == "heartbeat"]
    assert len(beats) == 6 * 3
    assert len({e["event_id"] for e in beats}) == len(beats)
    assert all(0 <= e["battery"] <= 100 for e in beats)


def test_the_failing_area_falls_silent_and_comes_back_online() -> None:
    sim = fleet()
    during = [e for s in range(30, 60) for e in sim.due(s, NOW)]
    assert {e["lock"] for e in during} == {"S-0", "S-2", "S-4"}
    after = [e for s in range(60, 70) for e in sim.due(s, NOW)]
    assert {e["lock"] for e in after if e["type"] == "online"} == {"S-1", "S-3", "S-5"}


def test_simulate_refuses_a_remote_url(world: World) -> None:
    with pytest.raises(CommandError, match="loopback"):
        call_command(
            "simulate",
            "--url=http://example.org",
            "--integration=phoniro",
            "--secret=s",
            "--locks=1",
        )


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 1.0)


@pytest.fixture
def http(live_server: object) -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as client:
        yield client


@pytest.mark.django_db(transaction=True)
def test_simulate_posts_signed_batches_to_a_live_server(
    live_server: object, http: httpx.Client
) -> None:
    Integration.objects.create(name="sim", vendor="Sim", secret="sim-secret", created_at=NOW)
    Lock.objects.bulk_create(Lock(vendor="Sim", vendor_lock_id=f"S-{n}") for n in range(6))
    clock = FakeClock()
    totals = run(
        fleet(),
        signed_poster(http, str(live_server), "sim", "sim-secret"),
        duration=25,
        max_events=1000,
        batch=4,
        clock=clock,
        sleep=clock.sleep,
        wall=lambda: datetime.now(UTC),
        report=print,
    )
    assert totals.rejected == 0
    assert totals.accepted == totals.sent == LockEvent.objects.count() > 0
    assert set(Lock.objects.values_list("status", flat=True)) <= {
        LockStatus.OK,
        LockStatus.LOW_BATTERY,
    }


@pytest.mark.django_db(transaction=True)
def test_simulate_stops_at_max_events(live_server: object, http: httpx.Client) -> None:
    Integration.objects.create(name="sim", vendor="Sim", secret="sim-secret", created_at=NOW)
    clock = FakeClock()
    totals = run(
        fleet(),
        signed_poster(http, str(live_server), "sim", "sim-secret"),
        duration=3600,
        max_events=7,
        batch=100,
        clock=clock,
        sleep=clock.sleep,
        wall=lambda: datetime.now(UTC),
        report=print,
    )
    assert totals.sent == 7
    assert LockEvent.objects.count() == 7
