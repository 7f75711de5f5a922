"""The case pages' entries in the main menu (front.navigation asks for them)."""

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.access import AnyUser, has_role, sees_all_units
from vredvakt.accounts.models import Role
from vredvakt.cases.access import coordinated_unit_ids


def case_nav(user: AnyUser) -> list[tuple[str | Promise, str]]:
    links: list[tuple[str | Promise, str]] = []
    units = coordinated_unit_ids(user)
    if units is None or units or sees_all_units(user):
        links.append((_("Open cases"), reverse("cases:desk")))
    if has_role(user, Role.ALARM_GROUP):
        links.append((_("Queue"), reverse("cases:alarm_queue")))
    return links
