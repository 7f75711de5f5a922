"""Times for people (UX.md): "kl. 16:42", "i morgon kl. 07:00", "om 18 min"."""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vredvakt.routine.clock import to_local


def clock_text(moment: datetime, now: datetime) -> str:
    """The wall-clock time, with the day when it is not today."""
    local, today = to_local(moment), to_local(now).date()
    time = local.strftime("%H:%M")
    days = (local.date() - today).days
    if days == 0:
        return _("at %(time)s") % {"time": time}
    if days == 1:
        return _("tomorrow at %(time)s") % {"time": time}
    if days == -1:
        return _("yesterday at %(time)s") % {"time": time}
    day = dateformat.format(local, "j F")
    return _("%(day)s at %(time)s") % {"day": day, "time": time}


def duration_text(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes >= 48 * 60:
        days = minutes // (24 * 60)
        return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


def relative_text(moment: datetime, now: datetime) -> str:
    if moment >= now:
        return _("in %(duration)s") % {"duration": duration_text(moment - now)}
    return _("%(duration)s ago") % {"duration": duration_text(now - moment)}


def person_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or user.get_username())
