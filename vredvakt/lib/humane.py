"""Times for people (UX.md): "kl. 16:42", "i morgon kl. 08:00", "om 18 min".

Pure presentation: `now` is passed in, nothing is read from the database.
Every routine time is Stockholm wall-clock time, the project's TIME_ZONE.
"""

from datetime import datetime, timedelta

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# From two days on a span reads in days: "2 dygn", not "49 h 10 min".
DAYS_FROM_MINUTES = 48 * 60


def local(moment: datetime) -> datetime:
    # The default zone, not the active one: the routine's times are Stockholm's
    # whatever zone a request might activate. Naive moments raise ValueError.
    return timezone.localtime(moment, timezone.get_default_timezone())


def clock(moment: datetime) -> str:
    return local(moment).strftime("%H:%M")


def human_time(moment: datetime, now: datetime) -> str:
    """ "kl. 16:42" today, "i morgon kl. 08:00", "i går kl. 10:00", else the date."""
    wall, today = local(moment), local(now).date()
    days = (wall.date() - today).days
    time = clock(moment)
    if days == 0:
        return _("at %(time)s") % {"time": time}
    if days == 1:
        return _("tomorrow at %(time)s") % {"time": time}
    if days == -1:
        return _("yesterday at %(time)s") % {"time": time}
    day = dateformat.format(wall, "D j b" if abs(days) < 180 else "j b Y")
    return _("%(day)s at %(time)s") % {"day": day, "time": time}


def minutes(span: timedelta) -> int:
    """Whole minutes, rounded up: a countdown never says "0 min" before it is over."""
    return max(0, -(-int(span.total_seconds()) // 60))


def duration(span: timedelta) -> str:
    """ "3 h 18 min", "18 min", "2 h" (at least "1 min"): a case's countdown."""
    hours, rest = divmod(max(1, minutes(span)), 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}


def long_duration(span: timedelta) -> str:
    """ "12 h 0 min", "2 dygn": how long a key has been out, or is late or left (R5)."""
    total = minutes(span)
    if total >= DAYS_FROM_MINUTES:
        days = total // (24 * 60)
        return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
    hours, rest = divmod(total, 60)
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
    return _("%(minutes)s min") % {"minutes": rest}


def relative(moment: datetime, now: datetime) -> str:
    """ "om 18 min", "för 2 h 5 min sedan"."""
    if moment >= now:
        return _("in %(duration)s") % {"duration": long_duration(moment - now)}
    return _("%(duration)s ago") % {"duration": long_duration(now - moment)}
