"""How big a major outage is right now: the numbers its pages and messages show.

The one source for every count of an outage (#13): its page, its emails, the
home banners and the desk all read `outage_figures`, so they cannot disagree.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from vredvakt.accounts.models import Unit
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.locks.models import Lock
from vredvakt.outages.correlation import scope_q
from vredvakt.outages.inbox import FAULT_STATUSES
from vredvakt.outages.models import MajorOutage

# "Most locks are back" (R13): the leader is asked to confirm the outage is over.
MOSTLY_BACK_PERCENT = 90
# An attached case whose lock is still out of order.
DOWN = Q(status=CaseStatus.OPEN) & (
    Q(lock__isnull=True) | Q(lock__status__in=sorted(FAULT_STATUSES))
)


@dataclass(frozen=True)
class Figures:
    cases: int  # attached cases
    open_cases: int
    down: int  # attached open cases whose lock is still out of order
    in_scope: int  # locks at clients that the outage's scope covers

    @property
    def back(self) -> int:
        return self.cases - self.down

    @property
    def out_of_order(self) -> int:
        """What the messages call "locks out of order"."""
        # A declared outage (the app, a platform) may have no case yet: its scope says it.
        return self.down if self.cases else self.in_scope

    @property
    def total(self) -> int:
        """The clients' locks the outage covers: its cases, or its scope before any case."""
        return self.cases if self.cases else self.in_scope

    @property
    def mostly_back(self) -> bool:
        return self.cases > 0 and self.back * 100 >= MOSTLY_BACK_PERCENT * self.cases


def outage_figures(outage: MajorOutage, units: set[int] | None = None) -> Figures:
    """The whole outage, or with `units` only those units' part of it (a unit's banner)."""
    cases = FaultCase.objects.filter(major_outage=outage)
    locks = Lock.objects.filter(client__isnull=False)
    if units is not None:
        cases = cases.filter(unit_id__in=units)
        locks = locks.filter(client__unit_id__in=units)
    counts = cases.aggregate(
        cases=Count("pk"),
        open_cases=Count("pk", filter=Q(status=CaseStatus.OPEN)),
        down=Count("pk", filter=DOWN),
    )
    in_scope = 0
    if outage.has_scope and not counts["cases"]:
        in_scope = locks.filter(scope_q(outage)).count()
    return Figures(counts["cases"], counts["open_cases"], counts["down"], in_scope)


def affected_units(outage: MajorOutage) -> list[Unit]:
    units = Unit.objects.filter(cases__major_outage=outage).distinct().order_by("name")
    if not units and outage.has_scope:
        in_scope = Lock.objects.filter(scope_q(outage), client__isnull=False)
        units = Unit.objects.filter(pk__in=in_scope.values("client__unit")).order_by("name")
    return list(units)
