"""Who sees a major outage and who may act on it (R11, R12, R15).

The outage itself names no client, so everyone who takes part in it sees it:
the alarm group, every unit manager, the operations manager, administrators.
Its clients are another matter: the leaders and the alarm group see all of
them, a unit manager those of their own units. Coordinators and care workers
see an outage while their unit has cases in it, or while it is declared, open and
its scope names their unit's locks (#13), and only their own units' clients with both keys
(R1, R2), what they re-plan visits from. Anyone else gets 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from vredvakt.accounts.access import (
    AnyUser,
    has_role,
    is_administrator,
    memberships_of,
    unit_ids_of,
)
from vredvakt.accounts.models import Role, UnitKind
from vredvakt.locks.models import Lock
from vredvakt.outages.correlation import scope_q
from vredvakt.outages.models import MajorOutage, OutageSource, OutageStatus

VIEW_ROLES = frozenset({Role.ALARM_GROUP, Role.UNIT_MANAGER, Role.OPERATIONS_MANAGER})
# Those at the doors and the desk: they see their own unit's part of an outage.
UNIT_ROLES = frozenset({Role.COORDINATOR, Role.CARE_WORKER})


def can_see_outages(user: AnyUser) -> bool:
    return is_administrator(user) or has_role(user, *VIEW_ROLES)


def outages_visible_to(user: AnyUser) -> QuerySet[MajorOutage]:
    outages = MajorOutage.objects.select_related("leader", "restored_by", "declared_by")
    if can_see_outages(user):
        return outages
    units = unit_ids_of(user, UNIT_ROLES)
    if not units:
        return outages.none()
    with_cases = MajorOutage.objects.filter(cases__unit_id__in=units).values("pk")
    return outages.filter(Q(pk__in=with_cases) | Q(pk__in=_open_over_locks_of(units)))


def _open_over_locks_of(units: set[int]) -> list[int]:
    """Open declared outages whose scope names locks of `units`: the app or a platform
    fails (R11), so those doors fail before any case is opened (#13). A detected one
    is its cases."""
    locks = Lock.objects.filter(client__unit_id__in=units)
    declared = MajorOutage.objects.filter(status=OutageStatus.OPEN, source=OutageSource.DECLARED)
    return [o.pk for o in declared if o.has_scope and locks.filter(scope_q(o)).exists()]


def takes_part(user: AnyUser) -> bool:
    """Whether the user sees any outage: the list page is theirs too."""
    return can_see_outages(user) or outages_visible_to(user).exists()


def get_outage_for_user(user: AnyUser, pk: int) -> MajorOutage:
    outage = outages_visible_to(user).filter(pk=pk).first()
    if outage is None:
        raise Http404("No such outage.")
    return outage


def leads_alarm_group(user: AnyUser) -> bool:
    """R11: a unit manager of the alarm group coordinates a major outage."""
    return any(
        m.role == Role.UNIT_MANAGER and m.unit.kind == UnitKind.ALARM_GROUP
        for m in memberships_of(user)
    )


def can_lead(user: AnyUser) -> bool:
    # The operations manager stands in when the alarm group's manager cannot.
    return (
        is_administrator(user) or leads_alarm_group(user) or has_role(user, Role.OPERATIONS_MANAGER)
    )


def can_declare(user: AnyUser) -> bool:
    return can_lead(user) or has_role(user, Role.ALARM_GROUP)


def can_report_deviation(user: AnyUser) -> bool:
    return is_administrator(user) or has_role(user, Role.OPERATIONS_MANAGER)  # R15


def client_units(user: AnyUser) -> set[int] | None:
    """The units whose affected clients the user may see; None: all of them."""
    if can_lead(user) or has_role(user, Role.ALARM_GROUP):
        return None
    own = {Role.UNIT_MANAGER, *UNIT_ROLES}
    return {m.unit_id for m in memberships_of(user) if m.role in own}


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("You may not do that with this outage.")
