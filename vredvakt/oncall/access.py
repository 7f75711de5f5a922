"""Who may see and change a unit's on-call roster: administrators, and each unit's managers."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from vredvakt.accounts.access import AnyUser, is_administrator, unit_ids_of
from vredvakt.accounts.models import Role, Unit, UnitKind

ROSTER_ROLES = frozenset({Role.UNIT_MANAGER})


def roster_units_for(user: AnyUser) -> QuerySet[Unit]:
    units = Unit.objects.filter(kind=UnitKind.HOME_CARE)
    if not user.is_authenticated:
        return units.none()
    if is_administrator(user):
        return units
    return units.filter(pk__in=unit_ids_of(user, ROSTER_ROLES))


def check_can_plan_on_call(user: AnyUser) -> None:
    if not roster_units_for(user).exists():
        raise PermissionDenied(_("Only unit managers and administrators plan who is on call."))


def get_roster_unit_for_user(user: AnyUser, pk: int) -> Unit:
    unit = roster_units_for(user).filter(pk=pk).first()
    if unit is None:
        raise Http404("No such unit.")
    return unit
