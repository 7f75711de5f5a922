"""A roster with nobody on call is itself flagged (#12): to the unit managers, in office hours.

Every hour of the coordinators' day the worker looks a week ahead at each
home-care unit's out-of-hours periods and tells the unit's managers of every
stretch nobody is on call for. Each gap is told once (RosterGapFlag). Only
units that keep a roster are looked at (units_with_a_roster).
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from vredvakt.accounts.models import Role, Unit, UnitKind
from vredvakt.jobs.loop import Tick, due_work
from vredvakt.notifications.recipients import Members
from vredvakt.notifications.services import notify
from vredvakt.oncall.models import RosterCheck, RosterGapFlag
from vredvakt.oncall.periods import Interval
from vredvakt.oncall.roster import roster_gaps
from vredvakt.routine.clock import at_local_time, to_local
from vredvakt.routine.hours import Team, at_work, next_start, working_hours
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.in_force import routine_in_force

LOOK_AHEAD = timedelta(days=7)
CHECK = "oncall.roster_gaps"


def out_of_hours_periods(now: datetime, params: RoutineParameters) -> list[Interval]:
    """The stretches within LOOK_AHEAD of `now` when no coordinator is at work."""
    periods, moment, horizon = [], now, now + LOOK_AHEAD
    while moment < horizon:
        if at_work(Team.COORDINATORS, moment, params):
            _, ends = working_hours(Team.COORDINATORS, params)
            moment = at_local_time(to_local(moment).date(), ends)
            continue
        back = next_start(Team.COORDINATORS, moment, params)
        periods.append((moment, min(back, horizon)))
        moment = back
    return periods


def unit_gaps(unit: Unit, now: datetime, params: RoutineParameters) -> list[Interval]:
    return [g for s, e in out_of_hours_periods(now, params) for g in roster_gaps(unit, s, e)]


def units_with_a_roster(now: datetime) -> QuerySet[Unit]:
    """Home-care units that keep a roster: a unit that never planned one is not told every
    week (its escalations go to the usual people, as before on call existed)."""
    planned = Q(on_call_slots__isnull=False) | Q(on_call_exceptions__ends_at__gt=now)
    units = Unit.objects.filter(planned, kind=UnitKind.HOME_CARE).distinct()
    return units.order_by("pk")


def _flag(unit: Unit, gap: Interval, now: datetime) -> bool:
    """Tell the unit managers of one gap, unless they were told of it before."""
    try:
        with transaction.atomic():
            RosterGapFlag.objects.create(
                unit=unit, starts_at=gap[0], ends_at=gap[1], flagged_at=now
            )
            notify(
                recipients=[Members(unit, Role.UNIT_MANAGER)],
                template="oncall_gap",
                context={
                    "public": {"unit": unit.name, "starts_at": gap[0], "ends_at": gap[1]},
                    "path": reverse("oncall:unit", args=[unit.pk]),
                },
                subject=unit,
                now=now,
            )
    except IntegrityError:  # told already (or another worker just did)
        return False
    return True


def roster_gaps_flag(*, now: datetime) -> int:
    """Flag every new gap of the coming week; how many were told. Only in office hours."""
    params = routine_in_force(now)[1]
    if not at_work(Team.COORDINATORS, now, params):
        return 0
    told = 0
    for unit in units_with_a_roster(now):
        known = set(RosterGapFlag.objects.filter(unit=unit).values_list("starts_at", flat=True))
        for gap in unit_gaps(unit, now, params):
            if gap[0] not in known:
                told += _flag(unit, gap, now)
    return told


@due_work(CHECK)
def check_hourly(tick: Tick) -> int:
    """Look once per hour of the coordinators' day; the row per hour makes it once."""
    now = tick.moment()
    if not at_work(Team.COORDINATORS, now, routine_in_force(now)[1]):
        return 0
    hour = to_local(now).strftime("%Y-%m-%dT%H")
    if RosterCheck.objects.filter(hour=hour).exists():
        return 0
    try:
        with transaction.atomic():
            RosterCheck.objects.create(hour=hour, checked_at=now)
            return roster_gaps_flag(now=now)
    except IntegrityError:  # another worker is looking this hour
        return 0
