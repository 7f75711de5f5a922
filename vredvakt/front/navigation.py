"""The links in the header, chosen by the signed-in user's roles."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.access import AnyUser, is_administrator, roles_of
from vredvakt.accounts.models import Role
from vredvakt.cases.pages.links import case_nav
from vredvakt.deviations.links import deviation_nav
from vredvakt.keys.links import key_nav
from vredvakt.oncall.access import roster_units_for
from vredvakt.outages.access import can_see_outages
from vredvakt.reports.access import can_see_reports

# Roles whose work starts from a client (their unit's clients, or all of them).
CLIENT_ROLES = frozenset(
    {
        Role.CARE_WORKER,
        Role.COORDINATOR,
        Role.UNIT_MANAGER,
        Role.OPERATIONS_MANAGER,
        Role.NEEDS_ASSESSOR,
    }
)
# Roles that look after locks: the alarm group runs the fleet (R8), managers follow it.
FLEET_ROLES = frozenset(
    {Role.ALARM_GROUP, Role.COORDINATOR, Role.UNIT_MANAGER, Role.OPERATIONS_MANAGER}
)

REVIEW_ROLES = frozenset({Role.UNIT_MANAGER, Role.OPERATIONS_MANAGER})


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    current: bool


def nav_links(user: AnyUser, path: str) -> list[NavLink]:
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    admin = is_administrator(user)
    wanted: list[tuple[str | Promise, str]] = [(_("Home"), reverse("front:home"))]
    wanted += case_nav(user)
    wanted += key_nav(user)
    wanted += deviation_nav(user)  # R14, R15
    if admin or roles & CLIENT_ROLES:
        wanted.append((_("Clients"), reverse("front:client_list")))
    if admin or roles & FLEET_ROLES:
        wanted.append((_("Locks"), reverse("front:lock_list")))
    if can_see_outages(user):  # R11-R13: the major outage and its coordination
        wanted.append((_("Major outages"), reverse("outages:list")))
    if roster_units_for(user).exists():  # #12: who is on call out of office hours
        wanted.append((_("On call"), reverse("oncall:index")))
    if admin or roles & REVIEW_ROLES:  # log review, HSLF-FS 2016:40
        wanted.append((_("Log review"), reverse("front:access_review")))
    if can_see_reports(user):  # #15: statistics for unit managers and the operations manager
        wanted.append((_("Statistics"), reverse("reports:index")))
    if admin:
        wanted.append((_("Administration"), reverse("admin:index")))
    return [NavLink(label, url, _is_current(url, path)) for label, url in wanted]


def _is_current(url: str, path: str) -> bool:
    # Home is current only on itself; a section is current on all of its pages.
    return path == url if url == "/" else path.startswith(url)
