"""Major outages: Maja leads the alarm group (its unit manager, R11); Alvar manages Alby.

Fleets are made straight in the database, each lock heard from a moment ago
and due to fall silent at a chosen moment; the worker's steps then run at the
moments a test passes in, with a real SMTP server where emails are counted.
"""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from tests.conftest import World, make_client, make_user
from tests.notifications.conftest import smtp  # noqa: F401 - the real SMTP server fixture
from tests.notifications.servers import SmtpSink
from vredvakt.accounts.models import Role, Unit
from vredvakt.clients.models import CareDecision
from vredvakt.jobs.loop import drain
from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import LockStatus

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Stockholm
STEPS = {"locks.sweep", "outages.telemetry"}


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def work(now: datetime) -> int:
    """The worker's sweep and telemetry steps until nothing more is due at `now`."""
    return drain(now, only=STEPS)


def deliver(now: datetime) -> int:
    return drain(now, only={"notifications.deliver"})


def jobs(now: datetime) -> int:
    return drain(now, only={"jobs"})


@pytest.fixture
def maja(world: World) -> User:
    return make_user("maja", (world.alarm_group, Role.UNIT_MANAGER))


@pytest.fixture
def alvar(world: World) -> User:
    return make_user("alvar", (world.alby, Role.UNIT_MANAGER))


def make_area(
    area: str,
    count: int,
    unit: Unit,
    *,
    silent_at: datetime,
    vendor: str = "Phoniro",
    gateway: str = "",
    prefix: str = "",
    decided: bool = True,
) -> list[Lock]:
    """`count` clients of `unit` in `area` (with a valid care decision unless not `decided`),
    each with a lock heard from that goes silent at `silent_at`."""
    prefix = prefix or area[:2].upper()
    locks = []
    for n in range(count):
        client = make_client(f"{prefix}-{n}", "Klient", f"{area}{n}", unit)
        if decided:
            CareDecision.objects.create(
                reference=f"D-{prefix}-{n}",
                client=client,
                valid_from=date(2026, 1, 1),
                valid_until=date(2027, 12, 31),
            )
        locks.append(
            Lock(
                vendor=vendor,
                vendor_lock_id=f"{prefix}-{n}",
                client=client,
                area=area,
                gateway=gateway or f"GW-{area}",
                status=LockStatus.OK,
                status_changed_at=silent_at - minutes(60),
                last_seen_at=silent_at - minutes(25),
                last_event_at=silent_at - minutes(25),
                overdue_at=silent_at,
            )
        )
    return Lock.objects.bulk_create(locks)


def recipients(sink: SmtpSink) -> Counter[str]:
    """How many emails each address got."""
    return Counter(address for received in sink.messages() for address in received.to)
