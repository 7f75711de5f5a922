"""The home page: which panels a user gets, and the data those panels show."""

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from vredvakt.accounts.access import AnyUser, is_administrator, memberships_of, roles_of
from vredvakt.accounts.models import Role
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.pages.panels import case_panels
from vredvakt.clients.access import clients_visible_to, decisions_visible_to
from vredvakt.clients.models import CareDecision
from vredvakt.front.decision_text import StatusText, describe_decision
from vredvakt.locks.access import locks_visible_to
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.in_force import version_in_force

# Panel templates under front/panels/, per role, in the order they appear.
PANELS_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.CARE_WORKER: ("outage_banner", "report", "cases_todo", "my_keys", "messages"),
    Role.NIGHT_PATROL: ("night_patrol", "my_keys", "messages"),  # night keys too (R2, #13)
    Role.COORDINATOR: ("outage_banner", "open_cases", "unit_clients"),
    Role.ALARM_GROUP: ("alarm_queue", "fleet"),
    Role.NEEDS_ASSESSOR: ("expiring_decisions", "unit_clients"),
    Role.UNIT_MANAGER: ("routine", "open_cases", "unit_clients", "fleet"),
    Role.OPERATIONS_MANAGER: ("routine", "unit_clients", "fleet"),
    Role.ADMINISTRATOR: ("administration",),
}
# Panels that show the routine version in force (its code, or the night patrol's deadline).
ROUTINE_PANELS = frozenset({"front/panels/routine.html", "front/panels/night_patrol.html"})
T = TypeVar("T")
# The assessor's list (R4): what runs out within this many days, or ran out this recently.
DECISION_HORIZON_DAYS = 30


def panels_for(user: AnyUser) -> list[str]:
    roles = roles_of(user)
    if is_administrator(user):
        roles.add(Role.ADMINISTRATOR)
    names: list[str] = []
    for role in Role:  # Role's order puts the people at the door first.
        if role in roles:
            names += [name for name in PANELS_BY_ROLE[role] if name not in names]
    return [f"front/panels/{name}.html" for name in names or ["no_role"]]


def optional_url(name: str) -> str | None:
    """The URL of a page another app provides, or None while that app has no such page."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def expiring_decisions(user: AnyUser, today: date) -> list[tuple[CareDecision, StatusText]]:
    """Each client's latest decision when it ends soon or has just ended (R4).

    #13: a client with an open fault case is listed whenever the decision ended:
    their lock refuses staff today, however long ago it ran out.
    """
    horizon = timedelta(days=DECISION_HORIZON_DAYS)
    later = CareDecision.objects.filter(
        client=OuterRef("client"), valid_until__gt=OuterRef("valid_until")
    )
    open_case = FaultCase.objects.filter(client=OuterRef("client"), status=CaseStatus.OPEN)
    recent = Q(valid_until__gte=today - horizon)
    decisions = (
        decisions_visible_to(user)
        .filter(recent | Exists(open_case), valid_until__lte=today + horizon)
        .exclude(Exists(later))
        .order_by("valid_until", "client__last_name")[:100]
    )
    return [(d, describe_decision(d, today=today, warning_days=horizon.days)) for d in decisions]


def when_shown(compute: Callable[[], T]) -> Callable[[], T]:
    """A figure only some panels show, counted once if a panel asks for it.

    The template calls it; a care worker's home (the most opened page on an
    outage day) shows neither the client nor the lock count (#16).
    """
    return cache(compute)


def home_context(user: AnyUser, today: date) -> dict[str, Any]:
    panels = panels_for(user)
    version = version_in_force(today) if ROUTINE_PANELS & set(panels) else None
    params = version.params if version is not None else RoutineParameters()
    coordinated = [m.unit for m in memberships_of(user) if m.role == Role.COORDINATOR]
    roles = roles_of(user)
    return {
        "today": today,
        "panels": panels,
        "routine_version": version,
        "routine_expired": version is not None and version.is_expired(today),
        "night_patrol_deadline": params.night_patrol_deadline,
        "coordinated_units": coordinated,
        "client_count": when_shown(clients_visible_to(user).count),
        "lock_count": when_shown(locks_visible_to(user).count),
        "expiring": (expiring_decisions(user, today) if Role.NEEDS_ASSESSOR in roles else []),
        "report_url": optional_url("cases:report"),
        "my_keys_url": optional_url("keys:mine"),
        "horizon_days": DECISION_HORIZON_DAYS,
        **case_panels(user, timezone.now()),
    }
