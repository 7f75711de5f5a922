"""Who may see and change what: unit scopes shared by the per-object helpers.

Each object type has one helper in its own app (clients/access.py, …) that
builds on these; views and API endpoints never test roles themselves.
"""

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet

from vredvakt.accounts.models import Membership, Role

AnyUser = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=Model)

# Roles whose holders see every unit's registry.
ALL_UNIT_ROLES = frozenset({Role.OPERATIONS_MANAGER, Role.ADMINISTRATOR})
# Roles that may change the registry of the units they belong to.
EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.UNIT_MANAGER, Role.ADMINISTRATOR})


def memberships_of(user: AnyUser) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_vredvakt_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user_id=user.pk).select_related("unit"))
        user._vredvakt_memberships = cached  # type: ignore[attr-defined]
    return cached


def roles_of(user: AnyUser) -> set[str]:
    return {m.role for m in memberships_of(user)}


def has_role(user: AnyUser, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def limit_to_units(user: AnyUser, unit_ids: set[int]) -> None:
    """From now on this user object has only its memberships in these units.

    An API token limited to some units calls this: every access helper reads
    memberships_of, so the token never reaches further than the owner's roles
    in those units, and a membership the owner has lost is gone for the token too.
    """
    user._vredvakt_memberships = [  # type: ignore[union-attr]
        m for m in memberships_of(user) if m.unit_id in unit_ids
    ]
    # A superuser's blanket rights are not unit-bound, so a limited token drops them.
    user._vredvakt_unit_limited = True  # type: ignore[union-attr]


def is_administrator(user: AnyUser) -> bool:
    superuser = bool(getattr(user, "is_superuser", False)) and not getattr(
        user, "_vredvakt_unit_limited", False
    )
    return superuser or has_role(user, Role.ADMINISTRATOR)


def sees_all_units(user: AnyUser) -> bool:
    return is_administrator(user) or has_role(user, *ALL_UNIT_ROLES)


def unit_ids_of(user: AnyUser, roles: frozenset[str] | None = None) -> set[int]:
    return {m.unit_id for m in memberships_of(user) if roles is None or m.role in roles}


def scope_to_units(
    queryset: QuerySet[M], user: AnyUser, unit_path: str, *, all_roles: frozenset[str] = frozenset()
) -> QuerySet[M]:
    """Rows whose unit (reached through `unit_path`) the user belongs to."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_all_units(user) or has_role(user, *all_roles):
        return queryset
    return queryset.filter(**{f"{unit_path}__in": unit_ids_of(user)})


def can_edit_unit(user: AnyUser, unit_id: int | None, roles: frozenset[str] = EDITOR_ROLES) -> bool:
    if is_administrator(user):
        return True
    return unit_id is not None and unit_id in unit_ids_of(user, roles)
