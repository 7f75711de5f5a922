"""Tonight's list for the night patrol: every client whose lock is still out of order (R2, R10b).

A live list, not a message: it reads the open cases each time, so a case stays
on it every night until the lock works again (restored or closed).
"""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from django.db.models import Model

from vredvakt.accounts.access import AnyUser
from vredvakt.cases.access import cases_visible_to, night_patrol_served_unit_ids
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.clients.models import Client
from vredvakt.lib.humane import human_time
from vredvakt.routine.shifts import KeyKind


@dataclass(frozen=True)
class TonightRow:
    client: Client
    area: str  # the lock's neighbourhood; "" when no lock names one
    cases: list[FaultCase]  # the lock and/or the app, oldest first
    since: str  # when it broke, in words ("i går kl. 10:00")
    night_keys: list[Model]  # R2: the night/alarm keys, with where each hangs


@dataclass(frozen=True)
class TonightArea:
    name: str
    rows: list[TonightRow]


def tonight_cases(user: AnyUser) -> list[FaultCase]:
    """The open cases of the units the night patrol serves, that the user sees."""
    cases = cases_visible_to(user).filter(
        status=CaseStatus.OPEN, client__unit_id__in=night_patrol_served_unit_ids()
    )
    return list(cases.order_by("opened_at", "pk"))


def _area(client: Client, cases: list[FaultCase]) -> str:
    """The neighbourhood of the broken lock; an app case takes that of the client's lock."""
    locks = [c.lock for c in cases if c.lock is not None]
    locks += list(client.locks.all())
    return next((lock.area for lock in locks if lock.area), "")


def _night_keys(client: Client) -> list[Any]:
    # keys.Key, read through its relation (keys sits above cases): kind and code are fields.
    keys: list[Any] = list(client.keys.all())
    return sorted((k for k in keys if k.kind == KeyKind.NIGHT_KEY), key=lambda k: str(k.code))


def tonight_rows(cases: list[FaultCase], now: datetime) -> list[TonightRow]:
    by_client: dict[int, list[FaultCase]] = {}
    for case in cases:
        by_client.setdefault(case.client_id, []).append(case)
    # Through the relation keys declares on Client (keys sits above cases).
    clients = Client.objects.prefetch_related("keys__storage", "locks").in_bulk(list(by_client))
    rows = [
        TonightRow(
            client=clients[pk],
            area=_area(clients[pk], found),
            cases=found,
            since=human_time(found[0].opened_at, now),
            night_keys=_night_keys(clients[pk]),
        )
        for pk, found in by_client.items()
    ]
    # By area, then address, so the patrol walks the list in order; no area last.
    return sorted(rows, key=lambda r: (r.area == "", r.area, r.client.street_address, r.client.pk))


def tonight_areas(user: AnyUser, now: datetime) -> list[TonightArea]:
    rows = tonight_rows(tonight_cases(user), now)
    return [TonightArea(name, list(group)) for name, group in groupby(rows, key=lambda r: r.area)]
