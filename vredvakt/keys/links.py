"""The key pages' entries in the main menu (front.navigation asks for them)."""

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.access import AnyUser, has_role, is_administrator
from vredvakt.accounts.models import Role
from vredvakt.keys.loan_access import STAFF_ROLES, can_see_health


def key_nav(user: AnyUser) -> list[tuple[str | Promise, str]]:
    links: list[tuple[str | Promise, str]] = []
    # R5: whoever may take a spare key sees the keys they hold.
    if is_administrator(user) or has_role(user, *STAFF_ROLES, Role.NIGHT_PATROL):
        links.append((_("My keys"), reverse("keys:mine")))
    if can_see_health(user):
        links.append((_("Key register"), reverse("keys:health")))
    return links
