"""R16: managers are warned when the routine in force has passed its valid-until date."""

from dataclasses import dataclass
from datetime import date

from vredvakt.accounts.access import AnyUser, has_role, is_administrator
from vredvakt.accounts.models import Role
from vredvakt.routine_versions.in_force import version_in_force
from vredvakt.routine_versions.models import RoutineVersion

# Managers answer for the routine; administrators are the ones who enter a renewed one.
NOTICE_ROLES = frozenset({Role.UNIT_MANAGER, Role.OPERATIONS_MANAGER})


@dataclass(frozen=True)
class RoutineNotice:
    # None when no version has been entered at all, which is worse than an expired one.
    version: RoutineVersion | None


def routine_notice_for(user: AnyUser, today: date) -> RoutineNotice | None:
    if not (has_role(user, *NOTICE_ROLES) or is_administrator(user)):
        return None
    version = version_in_force(today)
    if version is None or version.is_expired(today):
        return RoutineNotice(version)
    return None
