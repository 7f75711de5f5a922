"""Who owns a deviation report (R14, R15): one rule, cases' `deviation_owner`.

A case's report is its reporter's; a telemetry case's is whoever confirmed the
fault at the door, else the unit's coordinators (cases/services/deviation_owner.py,
which the case's R14 step also follows). A major outage's is the operations
manager's (R15).
"""

from dataclasses import dataclass

from django.contrib.auth.models import User

from vredvakt.accounts.models import Role, Unit
from vredvakt.cases.models import FaultCase
from vredvakt.cases.services.deviation_owner import deviation_owner
from vredvakt.notifications.recipients import Group, Members, Recipient


@dataclass(frozen=True)
class Ownership:
    owner: User | None
    role: str  # who owns it when no one person does; "" when `owner` does
    unit: Unit | None


def case_ownership(case: FaultCase) -> Ownership:
    owner = deviation_owner(case)
    if owner is not None:
        return Ownership(owner, "", case.unit)
    return Ownership(None, Role.COORDINATOR, case.unit)


def outage_ownership() -> Ownership:
    return Ownership(None, Role.OPERATIONS_MANAGER, None)  # R15


def owner_recipients(owner: User | None, role: str, unit: Unit | None) -> list[Recipient]:
    if owner is not None:
        return [owner]
    if role == Role.COORDINATOR and unit is not None:
        return [Members(unit, Role.COORDINATOR)]
    return [Group.OPERATIONS_MANAGER]
