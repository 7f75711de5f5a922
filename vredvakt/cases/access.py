"""Who sees a case and who may press which button on it: pages, POST views and API alike.

These say *who* may act; whether the case's state allows it now is the services'
call (CaseError, 409/400).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from vredvakt.accounts.access import (
    AnyUser,
    has_role,
    is_administrator,
    memberships_of,
    scope_to_units,
    sees_all_units,
    unit_ids_of,
)
from vredvakt.accounts.models import Role, Unit, UnitKind
from vredvakt.cases.models import CaseMode, CaseStep, FaultCase, TimelineEntry
from vredvakt.cases.services.night_patrol import cases_for_night_patrol
from vredvakt.cases.steps import DONE_BY_ACTION, STAFF_ON_SITE_MODES, StepCode
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
    return _coordinates(user, case.unit_id)


def _coordinates(user: AnyUser, unit_id: int) -> bool:
    return is_administrator(user) or unit_id in unit_ids_of(user, COORDINATING_ROLES)


def is_alarm_group(user: AnyUser) -> bool:
    return is_administrator(user) or has_role(user, Role.ALARM_GROUP)


# Who may report a fault for a client: staff of the client's unit (R3).
REPORTING_ROLES = frozenset({Role.CARE_WORKER, Role.COORDINATOR, Role.UNIT_MANAGER})


def _unit_staff(user: AnyUser, unit_id: int) -> bool:
    return is_administrator(user) or unit_id in unit_ids_of(user, REPORTING_ROLES)


def can_report(user: AnyUser, client: Client) -> bool:
    units = reporting_unit_ids(user)
    return units is None or client.unit_id in units


def night_patrol_served_unit_ids() -> set[int]:
    """R2, R10b: the night patrol visits every home-care unit's clients at night, external
    providers' too (all night keys hang at the service house), so it serves them all."""
    return set(Unit.objects.filter(kind=UnitKind.HOME_CARE).values_list("pk", flat=True))


def clients_reportable_by(user: AnyUser) -> QuerySet[Client]:
    """Clients the user may report a fault for (R3, R10b), never another unit's.

    Wider than the client register for the night patrol: it reports at any served
    client's door, but reads no one's register page.
    """
    clients = Client.objects.select_related("unit")
    units = reporting_unit_ids(user)
    return clients if units is None else clients.filter(unit_id__in=units)


def may_see_tonight(user: AnyUser) -> bool:
    """Tonight's broken locks with their night keys (R2, R10b): the night patrol's page."""
    return is_administrator(user) or has_role(user, Role.NIGHT_PATROL)


def is_staff_on_site(user: AnyUser, client: Client) -> bool:
    """A care worker of the client's unit, or the night patrol at the door (R3, R10b)."""
    if client.unit_id in unit_ids_of(user, frozenset({Role.CARE_WORKER})):
        return True
    return has_role(user, Role.NIGHT_PATROL) and can_report(user, client)


def _night_patrol_modes(user: AnyUser, unit_id: int) -> frozenset[str]:
    """The modes of the unit's cases that the user tells the night patrol of."""
    # R9: the unit's coordinator, whatever the day.
    if _coordinates(user, unit_id):
        return frozenset(CaseMode.values)
    # R10: a case on a weekend or holiday, the unit's staff on site; R10b (#12):
    # likewise a case opened after the coordinators' day.
    if unit_id in unit_ids_of(user, REPORTING_ROLES):
        return STAFF_ON_SITE_MODES
    return frozenset()


def can_message_night_patrol(user: AnyUser, case: FaultCase) -> bool:
    return case.mode in _night_patrol_modes(user, case.unit_id)


def night_patrol_cases_for(user: AnyUser, unit: Unit) -> QuerySet[FaultCase]:
    """The unit's cases the night patrol has not heard of, that this user may tell it of."""
    return cases_for_night_patrol(unit).filter(mode__in=_night_patrol_modes(user, unit.pk))


def may_message_night_patrol_for_unit(user: AnyUser, unit: Unit) -> bool:
    """The draft and the message for a unit's cases, in the API and on the page alike.

    R9: the unit's coordinator, any day, even with nothing to tell. R10, R10b: the
    unit's staff on site while it has weekend or out-of-hours cases the night patrol
    has not heard of.
    """
    return _coordinates(user, unit.pk) or night_patrol_cases_for(user, unit).exists()


def get_night_patrol_unit_for_user(user: AnyUser, unit_id: int) -> Unit:
    """404 for a unit whose cases the user does not see; 403 when the message is not theirs."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not _sees_cases_of(user, unit):
        raise Http404("No such unit.")
    if not may_message_night_patrol_for_unit(user, unit):
        raise PermissionDenied(_("You may not message the night patrol about this unit's cases."))
    return unit


def _sees_cases_of(user: AnyUser, unit: Unit) -> bool:
    # The same scope as cases_visible_to: the alarm group and night patrol see every unit.
    if sees_all_units(user) or has_role(user, *ALL_CASES_ROLES):
        return True
    return unit.pk in unit_ids_of(user)


def can_report_deviation(user: AnyUser, case: FaultCase) -> bool:
    # R14: the reporter (or, on a telemetry case, whoever confirmed it at the door)
    # files it; the coordinator may do it on their behalf.
    if case.opened_by_id == user.pk or can_coordinate(user, case):
        return True
    owned = case.steps.filter(code=StepCode.REPORT_DEVIATION, assignee_id=user.pk)
    return user.is_authenticated and owned.exists()


def require(allowed: bool) -> None:
    """Raise PermissionDenied (403) when a user who may see something may not do this."""
    if not allowed:
        raise PermissionDenied("You may not do that on this case.")


# Buttons on the case page.
def may_tick(user: AnyUser, case: FaultCase, step: CaseStep) -> bool:
    """A step without an action of its own: its role's people, and the coordinator."""
    if step.code in DONE_BY_ACTION:
        return False
    # The unit's own staff: the night patrol reports at any door but ticks no unit's steps.
    if step.role == "care_worker" and _unit_staff(user, case.client.unit_id):
        return True
    return can_coordinate(user, case)


def may_note(user: AnyUser, case: FaultCase) -> bool:
    return is_alarm_group(user) or can_coordinate(user, case)


def may_correct(user: AnyUser, case: FaultCase, entry: TimelineEntry) -> bool:
    # R6: the author corrects their own entry; the coordinator any entry of the case.
    if entry.actor_id is not None and entry.actor_id == user.pk:
        return True
    return can_coordinate(user, case)


def coordinated_unit_ids(user: AnyUser) -> set[int] | None:
    """The units whose cases the user coordinates; None: every unit (administrators)."""
    if is_administrator(user):
        return None
    # Only home-care units have clients and cases: the alarm group's unit manager, who
    # leads a major outage (R11), coordinates no desk of their own (#13).
    return {
        m.unit_id
        for m in memberships_of(user)
        if m.role in COORDINATING_ROLES and m.unit.kind == UnitKind.HOME_CARE
    }


def reporting_unit_ids(user: AnyUser) -> set[int] | None:
    """The units whose clients the user may report for (R3, R10b); None: every unit."""
    if is_administrator(user):
        return None
    units = unit_ids_of(user, REPORTING_ROLES)
    if has_role(user, Role.NIGHT_PATROL):
        units |= night_patrol_served_unit_ids()
    return units
