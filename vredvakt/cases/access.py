from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from vredvakt.accounts.access import (
    AnyUser,
    has_role,
    is_administrator,
    scope_to_units,
    unit_ids_of,
)
from vredvakt.accounts.models import Role
from vredvakt.cases.models import FaultCase
from vredvakt.clients.models import Client

# The alarm group works every unit's cases (R8, R10); the night patrol visits
# clients of every unit at night (R9), so both see cases across units.
ALL_CASES_ROLES = frozenset({Role.ALARM_GROUP, Role.NIGHT_PATROL})
# Who may act on a case as its coordinator (R4, R7, R8, R9).
COORDINATING_ROLES = frozenset({Role.COORDINATOR, Role.UNIT_MANAGER})


def cases_visible_to(user: AnyUser) -> QuerySet[FaultCase]:
    cases = FaultCase.objects.select_related("client", "unit", "lock", "routine_version")
    return scope_to_units(cases, user, "unit", all_roles=ALL_CASES_ROLES)


def get_case_for_user(user: AnyUser, pk: int) -> FaultCase:
    case = cases_visible_to(user).filter(pk=pk).first()
    if case is None:
        raise Http404("No such case.")
    return case


def can_coordinate(user: AnyUser, case: FaultCase) -> bool:
    return is_administrator(user) or case.unit_id in unit_ids_of(user, COORDINATING_ROLES)


def is_alarm_group(user: AnyUser) -> bool:
    return is_administrator(user) or has_role(user, Role.ALARM_GROUP)


# Who may report a fault for a client: staff of the client's unit (R3).
REPORTING_ROLES = frozenset({Role.CARE_WORKER, Role.COORDINATOR, Role.UNIT_MANAGER})


def can_report(user: AnyUser, client: Client) -> bool:
    return is_administrator(user) or client.unit_id in unit_ids_of(user, REPORTING_ROLES)


def can_message_night_patrol(user: AnyUser, case: FaultCase) -> bool:
    # R9: the coordinator; R10: on a day off the staff on site tell the night patrol.
    if can_coordinate(user, case):
        return True
    return case.mode == "weekend" and case.unit_id in unit_ids_of(user, REPORTING_ROLES)


def can_report_deviation(user: AnyUser, case: FaultCase) -> bool:
    # R14: the reporter files it; the coordinator may do it on their behalf.
    return case.opened_by_id == user.pk or can_coordinate(user, case)


def require(allowed: bool) -> None:
    """Raise PermissionDenied (403) when a user who may see something may not do this."""
    if not allowed:
        raise PermissionDenied("You may not do that on this case.")
