"""Times and deadlines in words for people (UX.md: "kl. 16:42", "om 18 min", "Missad 17:00").

Pure presentation: `now` is passed in, nothing is read from the database.
Every status carries its text; the level ("neutral", "warn", "bad", "ok")
only picks a colour.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import dateformat
from django.utils.translation import gettext as _

from vredvakt.cases.services.reminders import AT_ONCE_GRACE, REMINDER_LEAD
from vredvakt.routine.clock import to_local


@dataclass(frozen=True)
class Status:
    text: str
    level: str  # neutral | ok | warn | bad: the colour; the text says it all


def clock(moment: datetime) -> str:
    return to_local(moment).strftime("%H:%M")


def human_time(moment: datetime, now: datetime) -> str:
    """ "kl. 16:42" today, "i morgon kl. 08:00", "i går kl. 10:00", else the date."""
    local, today = to_local(moment), to_local(now).date()
    days = (local.date() - today).days
    time = clock(moment)
    if days == 0:
        return _("at %(time)s") % {"time": time}
    if days == 1:
        return _("tomorrow at %(time)s") % {"time": time}
    if days == -1:
        return _("yesterday at %(time)s") % {"time": time}
    day = dateformat.format(local, "D j b" if abs(days) < 180 else "j b Y")
    return _("%(day)s at %(time)s") % {"day": day, "time": time}


def duration(span: timedelta) -> str:
    """ "3 h 18 min", "18 min", "2 h" (rounded up to the minute: never "0 min" too early)."""
    minutes = max(1, -(-int(span.total_seconds()) // 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": minutes}


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
