"""How to reach a person or a unit, and whether that way still works."""

import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils.translation import gettext

from vredvakt.accounts.models import ContactDetails, Role, Unit
from vredvakt.lib.names import person_name
from vredvakt.notifications.kinds import KINDS
from vredvakt.notifications.models import Delivery, DeliveryStatus
from vredvakt.notifications.recipients import (
    GROUP_LABELS,
    Group,
    operations_managers,
    resolve,
    unit_managers_of,
)

# Which group gets the kinds that the routine requires by SMS.
SMS_GROUP_OF_KIND = {
    "night_patrol_message": Group.NIGHT_PATROL,
    "alarm_group_informed": Group.ALARM_GROUP,
}


def normalize_phone(raw: str) -> str | None:
    """A Swedish mobile number in international form (+46…), or None if it is not one."""
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+46" + digits[1:]
    return digits if re.fullmatch(r"\+[1-9]\d{6,14}", digits) else None


def phone_of(user: User) -> str:
    try:
        return user.contact.phone
    except ContactDetails.DoesNotExist:
        return ""


@dataclass(frozen=True)
class Address:
    channel: str
    value: str  # "" when missing
    error: str = ""  # why it cannot be used, when it cannot


def address_for(channel: str, *, email: str, phone: str) -> Address:
    if channel == "email":
        return Address(channel, email, "" if email else "no email address")
    if not phone:
        return Address(channel, "", "no mobile phone number")
    number = normalize_phone(phone)
    if number is None:
        return Address(channel, phone, f"not a phone number: {phone!r}")
    return Address(channel, number)


def known_bad(address: str) -> bool:
    """The last finished delivery to this address failed permanently (bad address)."""
    last = (
        Delivery.objects.filter(address=address)
        .exclude(status=DeliveryStatus.PENDING)
        .order_by("-created_at", "-id")
        .values_list("status", flat=True)
        .first()
    )
    return last == DeliveryStatus.FAILED


def working_contacts(email: str, phone: str) -> list[str]:
    """The outbound addresses (email, phone) that exist and have not bounced."""
    found = []
    for channel in ("email", "sms"):
        address = address_for(channel, email=email, phone=phone)
        if not address.error and not known_bad(address.value):
            found.append(address.value)
    return found


def user_working_contacts(user: User) -> list[str]:
    return working_contacts(user.email, phone_of(user))


def unit_working_contacts(unit: Unit) -> list[str]:
    return working_contacts(unit.email, unit.phone)


def _names(users: list[User]) -> str:
    return ", ".join(person_name(user) for user in users)


def escalation_targets(
    recipient: User | None, unit: Unit | None, depth: int
) -> tuple[list[User], str]:
    """Who hears that a message did not get through, and the note that records why.

    First the unit managers of the recipient's units; a manager with no working
    contact method is passed over for the operations manager. An escalation
    that fails itself goes to the operations manager; above that there is nobody.
    """
    if (
        recipient is not None
        and recipient.memberships.filter(role=Role.OPERATIONS_MANAGER).exists()
    ):
        return [], gettext("Nobody to escalate to above the operations manager.")
    prefix = ""
    if depth == 0:
        if recipient is not None:
            unit_ids = list(recipient.memberships.values_list("unit_id", flat=True))
        else:
            unit_ids = [unit.pk] if unit is not None else []
        managers = [
            m for m in unit_managers_of(unit_ids) if recipient is None or m.pk != recipient.pk
        ]
        reachable = [m for m in managers if user_working_contacts(m)]
        if reachable:
            return reachable, gettext("Escalated to %(names)s.") % {"names": _names(reachable)}
        if managers:
            prefix = gettext("%(names)s: no working contact method. ") % {"names": _names(managers)}
        else:
            prefix = gettext("No unit manager for the recipient's units. ")
    bosses = [o for o in operations_managers() if recipient is None or o.pk != recipient.pk]
    if not bosses:
        return [], prefix + gettext("No operations manager to escalate to.")
    note = gettext("Escalated to the operations manager %(names)s.") % {"names": _names(bosses)}
    return bosses, prefix + note


def contact_problems() -> list[str]:
    """Configuration warnings: groups and escalation managers nobody can reach (item 3)."""
    return [*_group_problems(), *_sms_problems(), *_manager_problems()]


def _group_problems() -> list[str]:
    problems = []
    for group in Group:
        found = resolve([group])
        if not any(user_working_contacts(u) for u in found.users) and not any(
            unit_working_contacts(unit) for unit in found.units
        ):
            problems.append(
                gettext(
                    "%(group)s: nobody has a working email address or mobile phone, "
                    "and there is no group mailbox or phone."
                )
                % {"group": GROUP_LABELS[group]}
            )
    return problems


def _sms_problems() -> list[str]:
    """People in a group whose messages the routine requires by SMS, without a phone."""
    problems = []
    for kind in KINDS.values():
        group = SMS_GROUP_OF_KIND.get(kind.code)
        if group is None or "sms" not in kind.required:
            continue
        for user in resolve([group]).users:
            if address_for("sms", email="", phone=phone_of(user)).error:
                problems.append(
                    gettext("%(name)s (%(group)s) has no usable mobile number; %(kind)s needs SMS.")
                    % {"name": _names([user]), "group": GROUP_LABELS[group], "kind": kind.label}
                )
    return problems


def _manager_problems() -> list[str]:
    problems = []
    staffed = Unit.objects.filter(memberships__isnull=False).distinct().order_by("name")
    for unit in staffed:
        managers = unit_managers_of([unit.pk])
        if not managers:
            problems.append(
                gettext("%(unit)s has no unit manager: escalations go to the operations manager.")
                % {"unit": unit}
            )
        for manager in managers:
            if not user_working_contacts(manager):
                problems.append(
                    gettext("%(name)s, unit manager of %(unit)s, has no working contact method.")
                    % {"name": _names([manager]), "unit": unit}
                )
    if not any(user_working_contacts(o) for o in operations_managers()):
        problems.append(gettext("No operations manager has a working contact method."))
    return problems
