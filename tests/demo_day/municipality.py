"""The demo municipality, loaded by `vredvakt demo-data`, and the doors the tests break.

Clients are picked from what the demo holds (no hand-made rows): a door is a
client with a lock, a care decision valid for weeks, and both spare keys on
their hooks (R1, R2).
"""

from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tests.demo_day.moments import local
from vredvakt.accounts.models import Unit
from vredvakt.clients.models import CareDecision, Client
from vredvakt.keys.models import Key, KeyKind, StorageKind
from vredvakt.locks.models import Lock

TUESDAY_MORNING = local(2026, 12, 8, 9, 30)
TUESDAY_NIGHT = local(2026, 12, 8, 23, 30)


@dataclass(frozen=True)
class Door:
    """A client whose lock the tests break: a lock, both spare keys on their hooks."""

    client: Client
    lock: Lock
    unit_key: Key
    night_key: Key

    def key(self, kind: str) -> Key:
        return self.unit_key if kind == KeyKind.UNIT_KEY else self.night_key


def load_demo() -> None:
    call_command("demo-data", stdout=StringIO())


def door_of(unit_code: str) -> Door:
    """The first client (by reference) with a lock, a valid decision and both keys hung up."""
    return doors_of(unit_code, 1)[0]


def doors_of(unit_code: str, count: int) -> list[Door]:
    doors = []
    unit = Unit.objects.get(code=unit_code)
    for client in Client.objects.filter(unit=unit).order_by("reference"):
        lock = Lock.objects.filter(client=client).first()
        keys = {k.kind: k for k in Key.objects.filter(client=client).select_related("storage")}
        unit_key, night_key = keys.get(KeyKind.UNIT_KEY), keys.get(KeyKind.NIGHT_KEY)
        if not (lock and unit_key and night_key and unit_key.storage and night_key.storage):
            continue
        if _valid_beyond(client, days=60):
            assert unit_key.storage.kind == StorageKind.UNIT_CABINET
            doors.append(Door(client, lock, unit_key, night_key))
        if len(doors) == count:
            return doors
    raise AssertionError(f"the demo has no {count} clients in {unit_code} with a lock and keys")


def _valid_beyond(client: Client, *, days: int) -> bool:
    # Well past the assessor's 30-day list, so the case shows no decision warning (R4).
    today = timezone.localdate()
    return CareDecision.objects.filter(
        client=client, valid_from__lte=today, valid_until__gt=today + timedelta(days=days)
    ).exists()


def expired_client_of(unit_code: str) -> Client:
    """R4: the demo leaves one client of Hemtjänst Norra with an expired decision."""
    today = timezone.localdate()
    valid = CareDecision.objects.filter(client=OuterRef("pk"), valid_until__gte=today)
    locked = Lock.objects.filter(client=OuterRef("pk"))
    client = (
        Client.objects.filter(unit__code=unit_code)
        .filter(Exists(locked))
        .exclude(Exists(valid))
        .order_by("reference")
        .first()
    )
    assert client is not None, f"the demo has no client with an expired decision in {unit_code}"
    return client
