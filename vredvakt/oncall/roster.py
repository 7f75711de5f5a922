"""The roster as the database holds it, read into periods (vredvakt.oncall.periods)."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from vredvakt.accounts.models import Unit
from vredvakt.oncall.models import OnCallException, OnCallSlot
from vredvakt.oncall.periods import DatedPeriod, Interval, WeeklyPeriod, on_call_at, uncovered


def weekly_pattern(unit_id: int) -> list[WeeklyPeriod]:
    slots = OnCallSlot.objects.filter(unit_id=unit_id)
    return [
        WeeklyPeriod(s.weekday, s.starts, s.end_weekday, s.ends, s.person_id)
        for s in slots.order_by("weekday", "starts")
    ]


def exceptions_overlapping(unit_id: int, start: datetime, end: datetime) -> list[DatedPeriod]:
    """Oldest first: a later exception over the same moment is the newer decision."""
    rows = OnCallException.objects.filter(unit_id=unit_id, starts_at__lt=end, ends_at__gt=start)
    return [DatedPeriod(e.starts_at, e.ends_at, e.person_id) for e in rows.order_by("pk")]


def on_call_for(unit: Unit, now: datetime) -> User | None:
    """The active person on call for `unit` at `now`, if the roster names one."""
    rows = OnCallException.objects.filter(unit_id=unit.pk, starts_at__lte=now, ends_at__gt=now)
    exceptions = [DatedPeriod(e.starts_at, e.ends_at, e.person_id) for e in rows.order_by("pk")]
    person_id = on_call_at(weekly_pattern(unit.pk), exceptions, now)
    if person_id is None:
        return None
    return get_user_model().objects.filter(pk=person_id, is_active=True).first()


def roster_gaps(unit: Unit, start: datetime, end: datetime) -> list[Interval]:
    return uncovered(
        weekly_pattern(unit.pk), exceptions_overlapping(unit.pk, start, end), start, end
    )
