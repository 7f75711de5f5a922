"""The deviation pages' entry in the main menu (front.navigation asks for it)."""

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.access import AnyUser, has_role, is_administrator
from vredvakt.accounts.models import Role

# Who writes (R14: staff and coordinators, R15: the operations manager) or follows up.
DEVIATION_ROLES = (
    Role.CARE_WORKER,
    Role.COORDINATOR,
    Role.UNIT_MANAGER,
    Role.OPERATIONS_MANAGER,
)


def deviation_nav(user: AnyUser) -> list[tuple[str | Promise, str]]:
    if is_administrator(user) or has_role(user, *DEVIATION_ROLES):
        return [(_("Deviations"), reverse("deviations:mine"))]
    return []
