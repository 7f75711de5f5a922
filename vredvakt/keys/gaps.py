"""The key register's gaps (R1, R2, R5): what would leave staff at a locked door.

Each check is a queryset scoped to the units the viewer looks after (None: all).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vredvakt.clients.models import Client
from vredvakt.keys.models import Key, KeyKind, KeyLoan
from vredvakt.locks.models import Lock

LONG_LOAN = timedelta(days=1)


@dataclass(frozen=True)
class Gap:
    code: str
    title: Promise
    advice: Promise
    items: list[Any]

    @property
    def count(self) -> int:
        return len(self.items)


def _clients(units: set[int] | None) -> QuerySet[Client]:
    clients = Client.objects.select_related("unit")
    return clients if units is None else clients.filter(unit__in=units)


def _keys(units: set[int] | None) -> QuerySet[Key]:
    keys = Key.objects.select_related("client", "client__unit", "storage")
    return keys if units is None else keys.filter(client__unit__in=units)


def _has_lock() -> Exists:
    return Exists(Lock.objects.filter(client=OuterRef("pk")))


def _has_key(kind: str) -> Exists:
    return Exists(Key.objects.filter(client=OuterRef("pk"), kind=kind))


def clients_without_key(units: set[int] | None, kind: str) -> QuerySet[Client]:
    return _clients(units).filter(_has_lock()).exclude(_has_key(kind))


def keys_without_place(units: set[int] | None) -> QuerySet[Key]:
    return _keys(units).filter(storage__isnull=True)


def keys_of_clients_without_lock(units: set[int] | None) -> QuerySet[Key]:
    has_lock = Exists(Lock.objects.filter(client=OuterRef("client")))
    return _keys(units).filter(client__isnull=False).exclude(has_lock)


def loans_out_long(units: set[int] | None, now: datetime) -> QuerySet[KeyLoan]:
    loans = KeyLoan.objects.filter(returned_at__isnull=True, signed_out_at__lt=now - LONG_LOAN)
    if units is not None:
        loans = loans.filter(key__client__unit__in=units)
    return loans.select_related("key", "key__client", "key__storage", "holder").order_by(
        "signed_out_at"
    )


def register_gaps(units: set[int] | None, now: datetime) -> list[Gap]:
    by_name = ("unit__name", "last_name", "first_name")
    return [
        Gap(
            "no_unit_key",
            _("Clients with a lock but no unit key"),
            _("Day staff have no key to fetch. Register the key from the unit's cabinet."),
            list(clients_without_key(units, KeyKind.UNIT_KEY).order_by(*by_name)),
        ),
        Gap(
            "no_night_key",
            _("Clients with a lock but no night key"),
            _("Night staff have no key at the service house. Register the night key."),
            list(clients_without_key(units, KeyKind.NIGHT_KEY).order_by(*by_name)),
        ),
        Gap(
            "unknown_place",
            _("Keys whose place is unknown"),
            _("Nobody knows where to fetch these keys. Register where each one hangs."),
            list(keys_without_place(units).order_by("code")),
        ),
        Gap(
            "client_without_lock",
            _("Keys of clients without a lock"),
            _("The client has no electronic lock registered: is the key still needed?"),
            list(keys_of_clients_without_lock(units).order_by("code")),
        ),
        Gap(
            "out_long",
            _("Keys out for more than a day"),
            _("Find out who has the key and get it back."),
            list(loans_out_long(units, now)),
        ),
    ]
