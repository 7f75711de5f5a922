"""Out of office hours, a unit's escalations go to whoever is on call for it (#12).

In office hours (the coordinators at work, vredvakt.routine.hours) every
recipient stays as it is. Out of hours the coordinators and unit managers of a
home-care unit hand over to the unit's on-call person; if the roster names
nobody at that moment, they keep the message (it is never dropped) and the gap
is recorded in the audit log.
"""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import User

from vredvakt.accounts.models import Role, Unit, UnitKind
from vredvakt.notifications.recipients import Group, Members, Recipient
from vredvakt.oncall.roster import on_call_for
from vredvakt.oncall.services import roster_gap_record
from vredvakt.routine.hours import Team, at_work
from vredvakt.routine_versions.in_force import routine_in_force

HANDED_OVER = frozenset({Role.COORDINATOR, Role.UNIT_MANAGER})


def out_of_hours(now: datetime) -> bool:
    return not at_work(Team.COORDINATORS, now, routine_in_force(now)[1])


def _every_unit_manager() -> list[Recipient]:
    """Group.ALL_UNIT_MANAGERS spelt out unit by unit, so each unit can hand over."""
    units = list(Unit.objects.order_by("pk"))
    mailboxes: list[Recipient] = [u for u in units if u.kind == UnitKind.HOME_CARE]
    return mailboxes + [Members(unit, Role.UNIT_MANAGER) for unit in units]


def _spelt_out(recipients: Iterable[Recipient]) -> list[Recipient]:
    spelt: list[Recipient] = []
    for recipient in recipients:
        if recipient is Group.ALL_UNIT_MANAGERS:
            spelt += _every_unit_manager()
        else:
            spelt.append(recipient)
    return spelt


def _handed_over(recipient: Recipient) -> bool:
    return (
        isinstance(recipient, Members)
        and recipient.role in HANDED_OVER
        and recipient.unit.kind == UnitKind.HOME_CARE
    )


def on_call_route(
    recipients: Iterable[Recipient], *, template: str, now: datetime
) -> list[Recipient]:
    """`recipients`, with each home-care unit's coordinators and managers out of hours
    replaced by the unit's on-call person."""
    if not out_of_hours(now):
        return list(recipients)
    on_call: dict[int, User | None] = {}
    routed: list[Recipient] = []
    for recipient in _spelt_out(recipients):
        if not isinstance(recipient, Members) or not _handed_over(recipient):
            routed.append(recipient)
            continue
        unit = recipient.unit
        if unit.pk not in on_call:
            on_call[unit.pk] = on_call_for(unit, now)
            if on_call[unit.pk] is None:
                roster_gap_record(unit=unit, template=template, now=now)
        routed.append(on_call[unit.pk] or recipient)
    return routed
