"""A declared outage's affected clients: the clients of the locks its scope covers (R11, R12).

A declaration says what telemetry cannot see (the lock app, a platform, a
network): the locks keep reporting "online", so no case is opened for them.
The units still re-plan from every client in the scope, with both keys
(R1, R2), so the coordination page lists the scope's locks, each with its
case when one is attached. Cases are opened only where a lock is seen to
fail or a person reports (docs/outages.md, "A declared outage").
"""

from django.db.models import Count, QuerySet

from vredvakt.accounts.models import Unit
from vredvakt.locks.models import Lock
from vredvakt.outages.correlation import scope_q
from vredvakt.outages.models import MajorOutage, OutageSource


def lists_scope(outage: MajorOutage) -> bool:
    return outage.source == OutageSource.DECLARED and outage.has_scope


def scope_locks(outage: MajorOutage, units: set[int] | None) -> QuerySet[Lock]:
    """The locks at clients that the outage covers, of the units the user may see."""
    locks = Lock.objects.filter(scope_q(outage), client__isnull=False)
    return locks if units is None else locks.filter(client__unit_id__in=units)


def scope_unit_counts(outage: MajorOutage, units: set[int] | None) -> list[tuple[int, str, int]]:
    """(unit id, unit name, locks) per unit, by name."""
    rows = (
        scope_locks(outage, units)
        .values("client__unit_id", "client__unit__name")
        .annotate(locks=Count("pk"))
        .order_by("client__unit__name")
    )
    return [(r["client__unit_id"], r["client__unit__name"], r["locks"]) for r in rows]


def scope_units(outage: MajorOutage, units: set[int] | None) -> QuerySet[Unit]:
    ids = scope_locks(outage, units).values("client__unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("name")
