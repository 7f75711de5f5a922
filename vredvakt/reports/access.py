"""Who sees the statistics: unit managers their own units, the operations manager every unit."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vredvakt.accounts.access import AnyUser, has_role, unit_ids_of
from vredvakt.accounts.models import Role, Unit, UnitKind

MANAGER_ROLES = frozenset({Role.UNIT_MANAGER})


def report_units_for(user: AnyUser) -> QuerySet[Unit]:
    """The units whose figures the user may see; none for everyone else."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if has_role(user, Role.OPERATIONS_MANAGER):
        return Unit.objects.filter(kind=UnitKind.HOME_CARE).order_by("name")
    return Unit.objects.filter(pk__in=unit_ids_of(user, MANAGER_ROLES)).order_by("name")


def can_see_reports(user: AnyUser) -> bool:
    return has_role(user, Role.OPERATIONS_MANAGER, Role.UNIT_MANAGER)


def check_can_see_reports(user: AnyUser) -> QuerySet[Unit]:
    if not can_see_reports(user):
        raise PermissionDenied(_("Only unit managers and the operations manager see statistics."))
    return report_units_for(user)
