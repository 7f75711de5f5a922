"""Deadlines in words for people (UX.md: "om 18 min", "Missad 17:00").

The times themselves are vredvakt.lib.humane's. Pure presentation: `now` is
passed in, nothing is read from the database. Every status carries its text;
the level ("neutral", "warn", "bad", "ok") only picks a colour.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from vredvakt.cases.services.reminders import AT_ONCE_GRACE, REMINDER_LEAD
from vredvakt.lib.humane import clock, duration
from vredvakt.routine.clock import to_local


@dataclass(frozen=True)
class Status:
    text: str
    level: str  # neutral | ok | warn | bad: the colour; the text says it all

    def __str__(self) -> SafeString:
        """`{{ status }}` in a template shows it; an include per status cost more."""
        return format_html('<span class="status status--{}">{}</span>', self.level, self.text)


def countdown(due: datetime, now: datetime, *, at_once: bool = False) -> Status:
    """How long until a deadline; amber in its last hour (R9: from 16:00), red once missed.

    A step due "at once" counts as missed only after the grace the reminders
    give it (reminders.AT_ONCE_GRACE), and shows "now" until then.
    """
    if at_once and now <= due + AT_ONCE_GRACE:
        return Status(_("now (since %(time)s)") % {"time": clock(due)}, "warn")
    if now > due:
        return Status(_("Missed %(when)s") % {"when": _missed_when(due, now)}, "bad")
    left = due - now
    text = _("in %(duration)s") % {"duration": duration(left)} if left else _("now")
    return Status(text, "warn" if left <= REMINDER_LEAD else "neutral")


def _missed_when(due: datetime, now: datetime) -> str:
    if to_local(due).date() == to_local(now).date():
        return clock(due)
    return dateformat.format(to_local(due), "j b H:i")
