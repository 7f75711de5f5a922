"""The leader's coordination page (R11, R12): affected clients by unit, with their keys (R1, R2).

Vredvakt keeps no visit plan: the next visits are in the unit's planning
system, and the page says so.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet

from vredvakt.accounts.models import Unit
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.clients.models import Client
from vredvakt.keys.models import Key, KeyKind
from vredvakt.locks.models import Lock
from vredvakt.outages import scope_clients
from vredvakt.outages.figures import DOWN
from vredvakt.outages.inbox import FAULT_STATUSES
from vredvakt.outages.models import MajorOutage
from vredvakt.routine_versions.in_force import routine_in_force


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    name: str
    cases: int
    down: int

    @property
    def back(self) -> int:
        return self.cases - self.down


def outage_cases(outage: MajorOutage, units: set[int] | None) -> QuerySet[FaultCase]:
    cases = FaultCase.objects.filter(major_outage=outage)
    return cases if units is None else cases.filter(unit_id__in=units)


def units_summary(outage: MajorOutage, units: set[int] | None) -> list[UnitRow]:
    if scope_clients.lists_scope(outage):
        # Declared: every lock in scope is out of order until the leader says it is over.
        counts = scope_clients.scope_unit_counts(outage, units)
        return [UnitRow(pk, name, n, n if outage.is_open else 0) for pk, name, n in counts]
    rows = (
        outage_cases(outage, units)
        .values("unit_id", "unit__name")
        .annotate(cases=Count("pk"), down=Count("pk", filter=DOWN))
        .order_by("unit__name")
    )
    return [UnitRow(r["unit_id"], r["unit__name"], r["cases"], r["down"]) for r in rows]


@dataclass(frozen=True)
class ClientRow:
    client: Client
    lock: Lock | None
    case: FaultCase | None  # a declared outage lists clients without a case (scope_clients)
    down: bool
    unit_key: Key | None
    night_key: Key | None


def _spare_keys() -> Prefetch:
    keys = Key.objects.select_related("storage").order_by("code")
    return Prefetch("client__keys", queryset=keys, to_attr="spare_keys")


def _row(client: Client, lock: Lock | None, case: FaultCase | None, down: bool) -> ClientRow:
    spare: list[Key] = getattr(client, "spare_keys", [])
    return ClientRow(
        client=client,
        lock=lock,
        case=case,
        down=down,
        unit_key=next((k for k in spare if k.kind == KeyKind.UNIT_KEY), None),
        night_key=next((k for k in spare if k.kind == KeyKind.NIGHT_KEY), None),
    )


def client_rows(cases: QuerySet[FaultCase]) -> list[ClientRow]:
    """One row per case of a page: the client, the lock, and the keys to fetch."""
    page = cases.select_related("client", "lock", "unit").prefetch_related(_spare_keys())
    return [
        _row(
            case.client,
            case.lock,
            case,
            case.status == CaseStatus.OPEN
            and (case.lock is None or case.lock.status in FAULT_STATUSES),
        )
        for case in page
    ]


def scope_rows(outage: MajorOutage, locks: QuerySet[Lock]) -> list[ClientRow]:
    """One row per lock of a page in a declared outage's scope, with its attached case if any."""
    page = list(locks.select_related("client").prefetch_related(_spare_keys()))
    attached = FaultCase.objects.filter(major_outage=outage, lock__in=[lock.pk for lock in page])
    cases = {case.lock_id: case for case in attached}
    return [
        _row(lock.client, lock, cases.get(lock.pk), outage.is_open)  # type: ignore[arg-type]
        for lock in page
    ]


def unit_choices(outage: MajorOutage, units: set[int] | None) -> QuerySet[Unit]:
    if scope_clients.lists_scope(outage):
        return scope_clients.scope_units(outage, units)
    ids = outage_cases(outage, units).values("unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("name")


def affected_page(
    outage: MajorOutage, units: set[int] | None, unit: Unit | None, number: str | None, size: int
) -> tuple[Page[Any], list[ClientRow]]:
    """One page of a unit's affected clients: from the cases, or a declared outage's scope."""
    if scope_clients.lists_scope(outage):
        locks = scope_clients.scope_locks(outage, units).filter(client__unit=unit)
        ordered = locks.order_by("client__last_name", "client__first_name", "pk")
        locks_page = Paginator(ordered, size).get_page(number)
        return locks_page, scope_rows(outage, locks_page.object_list)  # type: ignore[arg-type]
    cases = (
        outage_cases(outage, units)
        .filter(unit=unit)
        .order_by("client__last_name", "client__first_name", "pk")
    )
    page = Paginator(cases, size).get_page(number)
    return page, client_rows(page.object_list)  # type: ignore[arg-type]


@dataclass(frozen=True)
class UpdateClock:
    """R12: when the last update went out, and when the leader will be reminded."""

    last: datetime | None
    due: datetime
    overdue: bool


def update_clock(outage: MajorOutage, now: datetime) -> UpdateClock:
    _version, params = routine_in_force(now)
    last = outage.last_update_at
    due = (last or outage.opened_at) + timedelta(minutes=params.outage_update_interval_minutes)
    return UpdateClock(last=last, due=due, overdue=outage.is_open and now >= due)
