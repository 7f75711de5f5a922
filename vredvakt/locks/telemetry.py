"""What a lock's telemetry means for its state (R17): pure rules, `now` passed in.

A lock's status is derived from three facts, so no event order can leave it
inconsistent: whether it is reachable (seen, reported offline by the vendor but
still within its grace, or declared offline by the sweep), whether it is jammed
(until an unlock succeeds), and its battery level.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _

from vredvakt.routine.parameters import RoutineParameters

# Whether the lock can be reached: it talked, the vendor says it cannot be
# reached (within the grace), or the sweep has declared it offline.
Reach = Literal["seen", "pending", "offline"]


class LockStatus(models.TextChoices):
    OK = "ok", _("working")
    # The vendor reports the lock offline; it is declared offline only after the grace.
    PENDING = "pending", _("maybe offline")
    OFFLINE = "offline", _("offline")
    JAMMED = "jammed", _("jammed")
    LOW_BATTERY = "low_battery", _("low battery")
    UNKNOWN = "unknown", _("not heard from yet")


class EventType(models.TextChoices):
    HEARTBEAT = "heartbeat", _("heartbeat")
    ONLINE = "online", _("online")
    OFFLINE = "offline", _("offline")
    JAMMED = "jammed", _("jammed")
    BATTERY = "battery", _("battery")
    UNLOCK_OK = "unlock_ok", _("unlocked")
    UNLOCK_FAILED = "unlock_failed", _("unlock failed")


class BatteryLevel(models.TextChoices):
    OK = "ok", _("battery ok")
    WARNING = "warning", _("battery low")
    CRITICAL = "critical", _("battery critical")


@dataclass(frozen=True)
class Event:
    type: str
    at: datetime
    battery: int | None = None


@dataclass(frozen=True)
class LockState:
    heartbeat_interval: timedelta
    status: str = LockStatus.UNKNOWN
    status_changed_at: datetime | None = None
    last_seen_at: datetime | None = None
    last_event_at: datetime | None = None
    battery: int | None = None
    jammed: bool = False
    overdue_at: datetime | None = None


def is_stale(current: LockState, event: Event) -> bool:
    """R17: an event older than the newest one applied never moves the state back.

    Events at the same instant are applied in arrival order: vendors send whole
    seconds, and a jam reported in the same second as a heartbeat must count.
    """
    return current.last_event_at is not None and event.at < current.last_event_at


def next_state(current: LockState, event: Event, params: RoutineParameters) -> LockState:
    if is_stale(current, event):
        return current
    grace = timedelta(minutes=params.offline_grace_minutes)
    battery = event.battery if event.battery is not None else current.battery
    jammed = _jammed_after(current.jammed, event.type)
    if event.type == EventType.OFFLINE:
        # Only the vendor's platform says so: wait out the grace before declaring it
        # offline (R17, no flapping), and never postpone a deadline already running.
        last_seen_at = current.last_seen_at
        if current.status == LockStatus.OFFLINE:
            reach: Reach = "offline"
            overdue_at = None
        else:
            reach = "pending"
            deadline = event.at + grace
            overdue_at = (
                deadline if current.overdue_at is None else min(current.overdue_at, deadline)
            )
    else:
        # Anything else comes from the lock itself, so the lock is reachable.
        last_seen_at = event.at
        reach = "seen"
        overdue_at = event.at + current.heartbeat_interval + grace
    status = _status(reach, jammed, battery, params)
    # A new LockState, not dataclasses.replace: this runs for every event (#17).
    return LockState(
        heartbeat_interval=current.heartbeat_interval,
        status=status,
        status_changed_at=event.at if status != current.status else current.status_changed_at,
        last_seen_at=last_seen_at,
        last_event_at=event.at,
        battery=battery,
        jammed=jammed,
        overdue_at=overdue_at,
    )


def with_heartbeat_interval(current: LockState, interval: timedelta) -> LockState:
    """R17: a new expected interval moves a running deadline by the difference.

    A lock heard from is silent at last seen + interval + grace, so the deadline
    moves with the interval. A deadline a vendor's offline report may have set
    (pending, or hidden under a jam) is only ever brought forward, as next_state
    never postpones one. A lock already offline, or never heard from, has none.
    """
    overdue_at = current.overdue_at
    change = interval - current.heartbeat_interval
    if overdue_at is not None and change:
        moved = overdue_at + change
        if current.status in (LockStatus.PENDING, LockStatus.JAMMED):
            moved = min(moved, overdue_at)
        overdue_at = moved
    return replace(current, heartbeat_interval=interval, overdue_at=overdue_at)


def went_silent(current: LockState, now: datetime) -> LockState:
    """R17: the sweep's rule: past its overdue moment, the lock is offline."""
    if current.overdue_at is None or current.overdue_at > now:
        return current
    return replace(current, status=LockStatus.OFFLINE, status_changed_at=now, overdue_at=None)


def battery_level(battery: int | None, params: RoutineParameters) -> str:
    if battery is None or battery > params.battery_warning_percent:
        return BatteryLevel.OK
    if battery > params.battery_critical_percent:
        return BatteryLevel.WARNING
    return BatteryLevel.CRITICAL


def is_notable(before: LockState, after: LockState, params: RoutineParameters) -> bool:
    """Whether the rest of the product hears of this move: a new status or battery level.

    The audit log, fault cases and battery tasks care about these; a heartbeat
    that only pushes the lock's deadline on is not notable.
    """
    return after.status != before.status or battery_level(after.battery, params) != battery_level(
        before.battery, params
    )


def _jammed_after(jammed: bool, event_type: str) -> bool:
    if event_type == EventType.JAMMED:
        return True
    # A successful unlock proves the mechanism turns again; heartbeats prove nothing.
    if event_type == EventType.UNLOCK_OK:
        return False
    return jammed


def _status(reach: Reach, jammed: bool, battery: int | None, params: RoutineParameters) -> str:
    # The worst fact wins: offline hides everything, a jam outranks a vendor's
    # offline report still within its grace, a low battery only shows when all else is fine.
    if reach == "offline":
        return LockStatus.OFFLINE
    if jammed:
        return LockStatus.JAMMED
    if reach == "pending":
        return LockStatus.PENDING
    if battery_level(battery, params) != BatteryLevel.OK:
        return LockStatus.LOW_BATTERY
    return LockStatus.OK
