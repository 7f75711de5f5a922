"""When a lock was out of order according to its telemetry (R17), replayed from its events.

The events are applied in order with the same pure rules the ingest uses
(`locks.telemetry.next_state`), and the sweep's rule (`went_silent`) declares
the lock offline at its overdue moment when no event came in time. The lock
counts as not working while its status is offline or jammed; "maybe offline"
(within the grace) and a low battery still open the door. Before its first
event a lock is unknown and counts as working: nothing says otherwise.
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from vredvakt.locks.telemetry import (
    Event,
    EventType,
    LockState,
    LockStatus,
    next_state,
    went_silent,
)
from vredvakt.reports.intervals import Interval
from vredvakt.routine.parameters import RoutineParameters

NOT_WORKING = frozenset({LockStatus.OFFLINE, LockStatus.JAMMED})
# A heartbeat in these states changes nothing but the silence deadline (see next_state).
PLAIN = frozenset({LockStatus.OK, LockStatus.LOW_BATTERY})


def telemetry_down(
    events: Iterable[Event],
    *,
    heartbeat_interval: timedelta,
    params: RoutineParameters,
    until: datetime,
) -> list[Interval]:
    """The intervals up to `until` in which the replayed status was offline or jammed."""
    wait = heartbeat_interval + timedelta(minutes=params.offline_grace_minutes)
    state = LockState(heartbeat_interval=heartbeat_interval)
    down: list[Interval] = []
    down_since: datetime | None = None
    beat: datetime | None = None  # the newest heartbeat not yet applied to `state`
    for event in events:
        if event.at >= until:
            break
        # Most events are heartbeats of a working lock: they only move the deadline on,
        # so they are folded into one (`beat`) instead of replayed one by one.
        due = beat + wait if beat is not None else state.overdue_at
        if _plain(state, event) and due is not None and due > event.at:
            beat = event.at
            continue
        state, beat = _caught_up(state, beat, wait), None
        state, down_since = _step(_silent_by(state, event.at), down_since, down)
        state, down_since = _step(next_state(state, event, params), down_since, down)
    state = _caught_up(state, beat, wait)
    state, down_since = _step(_silent_by(state, until), down_since, down)
    if down_since is not None:
        down.append(Interval(down_since, until))
    return down


def _plain(state: LockState, event: Event) -> bool:
    return (
        event.type == EventType.HEARTBEAT
        and event.battery is None
        and state.status in PLAIN
        and not state.jammed
        and (state.last_event_at is None or event.at >= state.last_event_at)
    )


def _caught_up(state: LockState, beat: datetime | None, wait: timedelta) -> LockState:
    """What next_state would have made of the folded heartbeat: seen then, silent after `wait`."""
    if beat is None:
        return state
    return replace(state, last_seen_at=beat, last_event_at=beat, overdue_at=beat + wait)


def _silent_by(state: LockState, moment: datetime) -> LockState:
    # The sweep runs now and then; the lock went silent at its overdue moment itself.
    overdue_at = state.overdue_at
    if overdue_at is None or overdue_at > moment:
        return state
    return went_silent(state, overdue_at)


def _step(
    state: LockState, down_since: datetime | None, down: list[Interval]
) -> tuple[LockState, datetime | None]:
    is_down = state.status in NOT_WORKING
    changed_at = state.status_changed_at
    if is_down and down_since is None and changed_at is not None:
        return state, changed_at
    if not is_down and down_since is not None and changed_at is not None:
        down.append(Interval(down_since, changed_at))
        return state, None
    return state, down_since
