"""The fleet as the alarm group sees it (R8, R17): counts per status, filters, a lock's history."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from vredvakt.accounts.access import AnyUser, has_role, is_administrator
from vredvakt.accounts.models import Role, Unit
from vredvakt.locks.access import locks_visible_to
from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import LockStatus

# Worst first: what needs someone now comes first in the counts.
STATUS_ORDER = (
    LockStatus.OFFLINE,
    LockStatus.JAMMED,
    LockStatus.PENDING,
    LockStatus.LOW_BATTERY,
    LockStatus.UNKNOWN,
    LockStatus.OK,
)
# Who gets the fleet view: the alarm group runs the fleet; managers and coordinators follow it.
FLEET_VIEW_ROLES = frozenset(
    {Role.ALARM_GROUP, Role.COORDINATOR, Role.UNIT_MANAGER, Role.OPERATIONS_MANAGER}
)


def may_see_fleet(user: AnyUser) -> bool:
    return is_administrator(user) or has_role(user, *FLEET_VIEW_ROLES)


@dataclass(frozen=True)
class Filters:
    unit: Unit | None = None
    area: str = ""
    vendor: str = ""
    status: str = ""

    def apply(self, locks: QuerySet[Lock]) -> QuerySet[Lock]:
        if self.unit is not None:
            locks = locks.filter(client__unit=self.unit)
        if self.area:
            locks = locks.filter(area=self.area)
        if self.vendor:
            locks = locks.filter(vendor=self.vendor)
        if self.status:
            locks = locks.filter(status=self.status)
        return locks

    def query(self) -> dict[str, Any]:
        """The filters as GET parameters, for links and the live counts."""
        raw = {
            "unit": self.unit.pk if self.unit else "",
            "area": self.area,
            "vendor": self.vendor,
            "status": self.status,
        }
        return {k: v for k, v in raw.items() if v}


@dataclass(frozen=True)
class Options:
    units: list[Unit]
    areas: list[str]
    vendors: list[str]


def options_for(user: AnyUser) -> Options:
    locks = locks_visible_to(user)
    units = Unit.objects.filter(pk__in=locks.values("client__unit")).order_by("name")

    def distinct(field: str) -> list[str]:
        values = locks.exclude(**{field: ""}).order_by().values_list(field, flat=True).distinct()
        return sorted(set(values))

    return Options(list(units), distinct("area"), distinct("vendor"))


def filters_from(params: dict[str, str], options: Options) -> Filters:
    """Only values the user may choose; anything else is ignored (no 500 on a bad link)."""
    raw_unit = params.get("unit", "")
    unit = next((u for u in options.units if str(u.pk) == raw_unit), None)
    area = params.get("area", "")
    vendor = params.get("vendor", "")
    status = params.get("status", "")
    return Filters(
        unit=unit,
        area=area if area in options.areas else "",
        vendor=vendor if vendor in options.vendors else "",
        status=status if status in LockStatus.values else "",
    )


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def status_counts(locks: QuerySet[Lock]) -> list[StatusCount]:
    counts = dict(locks.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        StatusCount(status, str(LockStatus(status).label), counts.get(status, 0))
        for status in STATUS_ORDER
    ]
