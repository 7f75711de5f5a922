"""Who hears about a major outage, and what (R11, R12, R13).

The messages name no client: they say how many locks, which units, and link
to the outage page, where the details sit behind login.

What the leader writes (a status update, the note when it is over) may name a
client, an address, a door code, whatever we ask: it is personal data, and
every message that carries it goes through `_send`, which puts it in the
`personal` part. The in-app message shows it; email and SMS show it only on
channels the routine version in force allows (`personal_data_channels`, R16,
applied by vredvakt.notifications.rendering). Otherwise the email says that
the text is waiting in Vredvakt and links to the outage page.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vredvakt.accounts.models import Role, Unit, UnitKind
from vredvakt.lib.names import person_name
from vredvakt.notifications.recipients import Group, Members, Recipient, resolve
from vredvakt.notifications.rendering import MessageContext, render
from vredvakt.notifications.services import notify, routine_parameters
from vredvakt.oncall.routing import on_call_route, out_of_hours
from vredvakt.outages.figures import affected_units, outage_figures
from vredvakt.outages.models import MajorOutage


def outage_path(outage: MajorOutage) -> str:
    return reverse("outages:detail", args=[outage.pk])


def alarm_group_managers() -> list[Recipient]:
    """R11: the alarm group's unit manager(s)."""
    units = Unit.objects.filter(kind=UnitKind.ALARM_GROUP).order_by("pk")
    return [Members(unit, Role.UNIT_MANAGER) for unit in units]


def leaders(outage: MajorOutage) -> list[Recipient]:
    return [outage.leader] if outage.leader is not None else alarm_group_managers()


# R12/R13: every unit manager, internal and external, and the operations manager.
EVERY_MANAGER: list[Recipient] = [Group.ALL_UNIT_MANAGERS, Group.OPERATIONS_MANAGER]


def _outage_public(outage: MajorOutage) -> dict[str, Any]:
    return {
        "count": outage_figures(outage).out_of_order,
        "units": [unit.name for unit in affected_units(outage)],
        "started_at": outage.opened_at,
        # R17: "the vendor's platform is suspected" tells managers no key round will fix it soon.
        "platform_vendors": outage.silent_vendors,
    }


def _send(
    outage: MajorOutage,
    recipients: list[Recipient],
    template: str,
    public: dict[str, Any],
    now: datetime,
    *,
    written: str = "",
    path: str = "",
) -> None:
    """Queue `template`; `written` is staff free text, sent as personal data (module docstring)."""
    notify(
        # Out of hours each unit's on-call person, not its managers (#12).
        recipients=on_call_route(recipients, template=template, now=now),
        template=template,
        context={
            "public": {**public, "written": bool(written)},
            "personal": {"written": written} if written else {},
            "path": path or outage_path(outage),
        },
        subject=outage,
        now=now,
    )


def written_text_goes_by_email(now: datetime) -> bool:
    """Whether the routine in force lets what the leader writes into the email (R16)."""
    return "email" in routine_parameters(now).personal_data_channels


def outage_opened(outage: MajorOutage, *, now: datetime) -> None:
    """R11: the alarm group's unit manager at once, and the alarm group, who work it."""
    recipients = [*alarm_group_managers(), Group.ALARM_GROUP]
    _send(outage, recipients, "major_outage", _outage_public(outage), now)


def _to_everyone(
    outage: MajorOutage, template: str, public: dict[str, Any], now: datetime, *, written: str = ""
) -> None:
    """Every manager (R12, R13), and the night patrol (#12), who works the doors at night.

    The night patrol has no outage page: its link goes to tonight's list of broken locks.
    """
    _send(outage, EVERY_MANAGER, template, public, now, written=written)
    tonight = reverse("cases:tonight")
    _send(outage, [Group.NIGHT_PATROL], template, public, now, written=written, path=tonight)


def managers_told(outage: MajorOutage, *, now: datetime) -> None:
    """R12, R13: "the locks are out of order", to every manager and the night patrol."""
    _to_everyone(outage, "major_outage", _outage_public(outage), now)


def update_sent(outage: MajorOutage, *, text: str, now: datetime) -> None:
    """R12: the leader's status update, to the same list."""
    public = {"count": outage_figures(outage).out_of_order, "at": now, "restored": False}
    _to_everyone(outage, "outage_update", public, now, written=text)


def _restored_public(outage: MajorOutage, now: datetime) -> dict[str, Any]:
    return {"count": outage_figures(outage).down, "at": now, "restored": True}


def restored(outage: MajorOutage, *, text: str, now: datetime) -> None:
    """R13: "the locks work again", once, with the leader's note if there is one."""
    _to_everyone(outage, "outage_update", _restored_public(outage, now), now, written=text)


@dataclass(frozen=True)
class Preview:
    """What "send to all" would send (#13): the email's text and who gets it."""

    subject: str
    body: str
    people: list[str]
    units: list[str]
    out_of_hours: bool  # each unit's on-call person gets it instead of its managers


def _preview(
    outage: MajorOutage, template: str, public: dict[str, Any], now: datetime, written: str
) -> Preview:
    # Rendered as `notify` renders it, so the preview is the email (R16 decides the note).
    context = MessageContext(
        {**public, "written": bool(written)}, {"written": written} if written else {}
    )
    channels = frozenset(routine_parameters(now).personal_data_channels)
    text = render(template, context, language=get_language(), personal_channels=channels)
    # Not routed on call here: routing records roster gaps, and a preview changes nothing.
    reached = resolve([*EVERY_MANAGER, Group.NIGHT_PATROL])
    return Preview(
        subject=text.email_subject,
        body=text.email_text,
        people=[person_name(user) for user in reached.users],
        units=[unit.name for unit in reached.units],
        out_of_hours=out_of_hours(now),
    )


def managers_told_preview(outage: MajorOutage, *, now: datetime) -> Preview:
    return _preview(outage, "major_outage", _outage_public(outage), now, "")


def restored_preview(outage: MajorOutage, *, text: str, now: datetime) -> Preview:
    return _preview(outage, "outage_update", _restored_public(outage, now), now, text)


def mostly_back(outage: MajorOutage, *, now: datetime) -> None:
    """Most locks report again: the leader confirms the outage is over (R13)."""
    # Vredvakt's own words, not a person's: public, on every channel.
    text = _("Most locks work again. Confirm on the outage page that the outage is over.")
    public = {"count": outage_figures(outage).down, "at": now, "status": text, "restored": False}
    _send(outage, leaders(outage), "outage_update", public, now)


def cases_left_open(outage: MajorOutage, *, text: str, now: datetime) -> None:
    """#13: the leader who ended it hears which cases stayed open, and why (R4, R5)."""
    # Vredvakt's own words, case numbers and no client (texts.left_open_note): public.
    public = {"count": outage_figures(outage).down, "at": now, "status": text, "restored": True}
    _send(outage, leaders(outage), "outage_update", public, now)


def update_due(outage: MajorOutage, *, due: datetime, now: datetime) -> None:
    """R12: no update has gone out for the routine's interval."""
    public = {
        "task": _("Send a status update on the major outage"),
        "deadline": due,
        "unit": _("major outage #%(number)s") % {"number": outage.pk},
    }
    _send(outage, leaders(outage), "deadline_reminder", public, now)
