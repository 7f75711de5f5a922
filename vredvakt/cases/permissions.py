"""Who may press which button on a case page: one place for the page and the POST views.

Built on vredvakt.cases.access. These say *who* may act; whether the case's
state allows it now is the services' call (CaseError, 409/400).
"""

from vredvakt.accounts.access import AnyUser, is_administrator, unit_ids_of
from vredvakt.cases.access import (
    COORDINATING_ROLES,
    REPORTING_ROLES,
    can_coordinate,
    can_report,
    is_alarm_group,
)
from vredvakt.cases.models import CaseStep, FaultCase, TimelineEntry
from vredvakt.cases.steps import DONE_BY_ACTION


def may_tick(user: AnyUser, case: FaultCase, step: CaseStep) -> bool:
    """A step without an action of its own: its role's people, and the coordinator."""
    if step.code in DONE_BY_ACTION:
        return False
    if step.role == "care_worker" and can_report(user, case.client):
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
    return unit_ids_of(user, COORDINATING_ROLES)


def reporting_unit_ids(user: AnyUser) -> set[int] | None:
    """The units whose clients the user may report for (R3); None: every unit."""
    if is_administrator(user):
        return None
    return unit_ids_of(user, REPORTING_ROLES)
