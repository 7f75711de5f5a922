"""State changes of the on-call roster (#12), each audited in one transaction."""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vredvakt.accounts.models import Unit, UnitKind
from vredvakt.audit.services import audit_record
from vredvakt.oncall.models import OnCallException, OnCallSlot
from vredvakt.oncall.periods import WeeklyPeriod, occurrences
from vredvakt.oncall.roster import weekly_pattern
from vredvakt.routine.clock import at_local_time, to_local

Actor = AbstractBaseUser | AnonymousUser | None


def _check_unit_and_person(unit: Unit, person: User) -> None:
    # Only home-care units are on call for their clients' cases; the roster routes theirs.
    if unit.kind != UnitKind.HOME_CARE:
        raise ValidationError(_("Only home-care units have an on-call roster."))
    if not person.is_active:
        raise ValidationError(
            _("%(person)s cannot log in and cannot be on call.") % {"person": person}
        )


def _overlaps(period: WeeklyPeriod, others: list[WeeklyPeriod], now: datetime) -> bool:
    # Two weeks from last Monday hold every pair of weekly periods that can meet.
    monday = to_local(now).date() - timedelta(days=to_local(now).weekday())
    start = at_local_time(monday, time(0, 0))
    end = start + timedelta(days=21)
    mine = occurrences([period], start, end)
    theirs = occurrences(others, start, end)
    return any(a < d and c < b for a, b in mine for c, d in theirs)


def oncall_slot_set(
    *,
    actor: Actor,
    unit: Unit,
    person: User,
    weekday: int,
    starts: time,
    end_weekday: int,
    ends: time,
    via: str,
    now: datetime,
) -> OnCallSlot:
    """The weekly period from `weekday` `starts` is `person`'s: added, or its end changed."""
    _check_unit_and_person(unit, person)
    with transaction.atomic():
        slot = OnCallSlot.objects.filter(unit=unit, weekday=weekday, starts=starts).first()
        slot = slot or OnCallSlot(unit=unit, weekday=weekday, starts=starts)
        slot.person, slot.end_weekday, slot.ends = person, end_weekday, ends
        others = [p for p in weekly_pattern(unit.pk) if (p.weekday, p.starts) != (weekday, starts)]
        if _overlaps(WeeklyPeriod(weekday, starts, end_weekday, ends, person.pk), others, now):
            raise ValidationError(_("This period overlaps another period of the week's pattern."))
        action = "oncall.slot_update" if slot.pk else "oncall.slot_create"
        slot.save()
        detail = {"unit": unit.code, "person": person.get_username(), "period": str(slot)}
        audit_record(actor=actor, action=action, obj=slot, via=via, detail=detail, now=now)
    return slot


def oncall_slot_remove(*, actor: Actor, slot: OnCallSlot, via: str, now: datetime) -> None:
    with transaction.atomic():
        detail = {"unit": slot.unit.code, "period": str(slot)}
        audit_record(
            actor=actor, action="oncall.slot_remove", obj=slot, via=via, detail=detail, now=now
        )
        slot.delete()


def oncall_exception_add(
    *,
    actor: Actor,
    unit: Unit,
    person: User,
    starts_at: datetime,
    ends_at: datetime,
    note: str = "",
    via: str,
    now: datetime,
) -> OnCallException:
    _check_unit_and_person(unit, person)
    if ends_at <= starts_at:
        raise ValidationError(_("The end must be after the start."))
    exception = OnCallException(
        unit=unit, person=person, starts_at=starts_at, ends_at=ends_at, note=note
    )
    with transaction.atomic():
        exception.save()
        detail = {
            "unit": unit.code,
            "person": person.get_username(),
            "from": starts_at.isoformat(),
            "until": ends_at.isoformat(),
        }
        audit_record(
            actor=actor,
            action="oncall.exception_add",
            obj=exception,
            via=via,
            detail=detail,
            now=now,
        )
    return exception


def oncall_exception_remove(
    *, actor: Actor, exception: OnCallException, via: str, now: datetime
) -> None:
    with transaction.atomic():
        detail = {"unit": exception.unit.code, "exception": str(exception)}
        audit_record(
            actor=actor,
            action="oncall.exception_remove",
            obj=exception,
            via=via,
            detail=detail,
            now=now,
        )
        exception.delete()


def roster_gap_record(*, unit: Unit, template: str, now: datetime) -> None:
    """A message out of hours found nobody on call: it went to the usual people instead."""
    detail = {"template": template, "at": now.isoformat()}
    audit_record(actor=None, action="oncall.gap", obj=unit, via="worker", detail=detail, now=now)
