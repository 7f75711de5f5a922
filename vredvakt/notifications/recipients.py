"""Who a message goes to: people, unit mailboxes, and named groups of the routine."""

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Role, Unit, UnitKind


class Group(enum.Enum):
    ALARM_GROUP = "alarm_group"  # R8, R10
    NIGHT_PATROL = "night_patrol"  # R9, R10
    ALL_UNIT_MANAGERS = "all_unit_managers"  # R12, R13: internal and external
    OPERATIONS_MANAGER = "operations_manager"  # R12, R15


# Each group: the role its people hold, and the kind of unit whose shared
# mailbox/phone also gets the message.
GROUP_MEMBERS: dict[Group, tuple[str, str]] = {
    Group.ALARM_GROUP: (Role.ALARM_GROUP, UnitKind.ALARM_GROUP),
    Group.NIGHT_PATROL: (Role.NIGHT_PATROL, UnitKind.NIGHT_PATROL),
    Group.ALL_UNIT_MANAGERS: (Role.UNIT_MANAGER, UnitKind.HOME_CARE),
    Group.OPERATIONS_MANAGER: (Role.OPERATIONS_MANAGER, UnitKind.MANAGEMENT),
}


GROUP_LABELS = {
    Group.ALARM_GROUP: _("the alarm group"),
    Group.NIGHT_PATROL: _("the night patrol"),
    Group.ALL_UNIT_MANAGERS: _("all unit managers"),
    Group.OPERATIONS_MANAGER: _("the operations manager"),
}


@dataclass(frozen=True)
class Members:
    """The people holding `role` in `unit`, e.g. the coordinators of Enhet Tumba (R3)."""

    unit: Unit
    role: str


Recipient = User | Unit | Group | Members


@dataclass
class Resolved:
    users: list[User]
    units: list[Unit]


def resolve(recipients: Iterable[Recipient]) -> Resolved:
    """People (active, each once) and unit contact points (each once, only if they have one)."""
    user_filter = Q(pk__in=[])
    unit_filter = Q(pk__in=[])
    for recipient in recipients:
        if isinstance(recipient, Group):
            role, unit_kind = GROUP_MEMBERS[recipient]
            user_filter |= Q(memberships__role=role)
            unit_filter |= Q(kind=unit_kind)
        elif isinstance(recipient, Members):
            user_filter |= Q(memberships__unit=recipient.unit, memberships__role=recipient.role)
        elif isinstance(recipient, Unit):
            unit_filter |= Q(pk=recipient.pk)
        else:
            user_filter |= Q(pk=recipient.pk)
    users = (
        get_user_model()
        .objects.filter(user_filter, is_active=True)
        .select_related("contact")
        .distinct()
        .order_by("pk")
    )
    units = Unit.objects.filter(unit_filter).exclude(email="", phone="").order_by("pk")
    return Resolved(users=list(users), units=list(units))


def unit_managers_of(unit_ids: Iterable[int]) -> list[User]:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__unit_id__in=list(unit_ids),
            memberships__role=Role.UNIT_MANAGER,
        )
        .distinct()
        .order_by("pk")
    )


def operations_managers() -> list[User]:
    return list(
        get_user_model()
        .objects.filter(is_active=True, memberships__role=Role.OPERATIONS_MANAGER)
        .distinct()
        .order_by("pk")
    )
