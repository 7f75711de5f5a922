"""What telemetry writes into a case's record, in the municipality's language.

A person's note is stored as they wrote it; telemetry's notes are written the
same way, once, in the site's language (settings.LANGUAGE_CODE), so the record
reads the same for everyone afterwards (R6).
"""

from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from vredvakt.cases.holds import hold_label
from vredvakt.locks.telemetry import LockStatus
from vredvakt.routine.clock import to_local


class Reason:
    OFFLINE = "offline"
    JAMMED = "jammed"
    BATTERY = "battery_critical"


def _when(moment: datetime | None) -> str:
    return to_local(moment).strftime("%Y-%m-%d %H:%M") if moment is not None else "–"


def fault_note(reason: str, *, last_seen_at: datetime | None, battery: int | None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if reason == Reason.OFFLINE:
            return _("Lock telemetry: the lock has not been heard from since %(when)s.") % {
                "when": _when(last_seen_at)
            }
        if reason == Reason.JAMMED:
            return _("Lock telemetry: the lock reports that it is jammed.")
        return _(
            "Lock telemetry: the battery is at %(battery)s %%, below the critical level; "
            "the lock may stop at any moment."
        ) % {"battery": battery if battery is not None else "?"}


def back_note(status: str, battery: int | None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if status == LockStatus.OK or battery is None:
            return _("Lock telemetry: the lock reports again and works.")
        return _("Lock telemetry: the lock reports again (battery %(battery)s %%).") % {
            "battery": battery
        }


def attached_note(outage_id: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Part of major outage #%(number)s: the alarm group's unit manager coordinates it."
        ) % {"number": outage_id}


def restored_with_outage_note(outage_id: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Works again: confirmed when major outage #%(number)s was declared over.") % {
            "number": outage_id
        }


def left_open_note(held: dict[int, list[str]]) -> str:
    """#13: which cases the outage's end left open, and why; by case number, no client (R4, R5)."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Case %(number)s: %(reasons)s") % {"number": pk, "reasons": _join(reasons)}
            for pk, reasons in sorted(held.items())
        ]
        head = _("Left open although the lock works again, as another cause holds:")
        return "\n".join([head, *lines])


def _join(reasons: list[str]) -> str:
    return ", ".join(hold_label(code) for code in reasons)
