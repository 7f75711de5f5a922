"""The leader's coordination page (R11, R12): affected clients by unit, with their keys (R1, R2).

Vredvakt keeps no visit plan: the next visits are in the unit's planning
system, and the page says so.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, QuerySet

from vredvakt.accounts.models import Unit
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.keys.models import Key, KeyKind
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
    rows = (
        outage_cases(outage, units)
        .values("unit_id", "unit__name")
        .annotate(cases=Count("pk"), down=Count("pk", filter=DOWN))
        .order_by("unit__name")
    )
    return [UnitRow(r["unit_id"], r["unit__name"], r["cases"], r["down"]) for r in rows]


@dataclass(frozen=True)
class ClientRow:
    case: FaultCase
    down: bool
    unit_key: Key | None
    night_key: Key | None


def client_rows(cases: QuerySet[FaultCase]) -> list[ClientRow]:
    """One row per case of a page: the client, the lock, and the keys to fetch."""
    keys = Key.objects.select_related("storage").order_by("code")
    page = cases.select_related("client", "lock", "unit").prefetch_related(
        Prefetch("client__keys", queryset=keys, to_attr="spare_keys")
    )
    rows = []
    for case in page:
        spare: list[Key] = getattr(case.client, "spare_keys", [])
        rows.append(
            ClientRow(
                case=case,
                down=case.status == CaseStatus.OPEN
                and (case.lock is None or case.lock.status in FAULT_STATUSES),
                unit_key=next((k for k in spare if k.kind == KeyKind.UNIT_KEY), None),
                night_key=next((k for k in spare if k.kind == KeyKind.NIGHT_KEY), None),
            )
        )
    return rows


def unit_choices(outage: MajorOutage, units: set[int] | None) -> QuerySet[Unit]:
    ids = outage_cases(outage, units).values("unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("name")


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
