"""The pure state rules (R17): every event type from every status, and properties."""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vredvakt.locks.telemetry import (
    BatteryLevel,
    Event,
    EventType,
    LockState,
    LockStatus,
    battery_level,
    next_state,
    went_silent,
    with_heartbeat_interval,
)
from vredvakt.routine.parameters import RoutineParameters

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PARAMS = RoutineParameters()  # grace 10 min, battery warning 20 %, critical 10 %
INTERVAL = timedelta(minutes=15)
GRACE = timedelta(minutes=10)
NEW = LockState(heartbeat_interval=INTERVAL)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def apply(state: LockState, *events: Event) -> LockState:
    for event in events:
        state = next_state(state, event, PARAMS)
    return state


def seen(minutes: float = 0, battery: int | None = 80) -> LockState:
    return apply(NEW, Event(EventType.HEARTBEAT, at(minutes), battery))


def offline() -> LockState:
    return went_silent(seen(), at(25))


def jammed() -> LockState:
    return apply(seen(), Event(EventType.JAMMED, at(1)))


def pending() -> LockState:
    return apply(seen(), Event(EventType.OFFLINE, at(1)))


def low_battery() -> LockState:
    return apply(seen(), Event(EventType.BATTERY, at(1), 15))


STARTS: dict[str, Callable[[], LockState]] = {
    "unknown": lambda: NEW,
    "ok": seen,
    "pending": pending,
    "offline": offline,
    "jammed": jammed,
    "low_battery": low_battery,
}

# What each event does to each status, at a moment newer than all before (minute 30).
TABLE: dict[str, dict[str, str]] = {
    EventType.HEARTBEAT: {
        "unknown": "ok",
        "ok": "ok",
        "pending": "ok",
        "offline": "ok",
        "jammed": "jammed",
        "low_battery": "low_battery",
    },
    EventType.ONLINE: {
        "unknown": "ok",
        "ok": "ok",
        "pending": "ok",
        "offline": "ok",
        "jammed": "jammed",
        "low_battery": "low_battery",
    },
    EventType.OFFLINE: {
        "unknown": "pending",
        "ok": "pending",
        "pending": "pending",
        "offline": "offline",
        "jammed": "jammed",
        "low_battery": "pending",
    },
    EventType.JAMMED: {s: "jammed" for s in STARTS},
    EventType.BATTERY: {
        "unknown": "ok",
        "ok": "ok",
        "pending": "ok",
        "offline": "ok",
        "jammed": "jammed",
        "low_battery": "low_battery",
    },
    EventType.UNLOCK_OK: {
        "unknown": "ok",
        "ok": "ok",
        "pending": "ok",
        "offline": "ok",
        "jammed": "ok",
        "low_battery": "low_battery",
    },
    EventType.UNLOCK_FAILED: {
        "unknown": "ok",
        "ok": "ok",
        "pending": "ok",
        "offline": "ok",
        "jammed": "jammed",
        "low_battery": "low_battery",
    },
}


@pytest.mark.parametrize("event_type", list(TABLE))
@pytest.mark.parametrize("start", list(STARTS))
def test_every_event_from_every_status(event_type: str, start: str) -> None:
    before = STARTS[start]()
    assert before.status == start
    after = next_state(before, Event(event_type, at(30)), PARAMS)
    assert after.status == TABLE[event_type][start]
    assert after.last_event_at == at(30)
    if event_type == EventType.OFFLINE:
        assert after.last_seen_at == before.last_seen_at
    else:
        assert after.last_seen_at == at(30)
        assert after.overdue_at == at(30) + INTERVAL + GRACE


@pytest.mark.parametrize("start", list(STARTS))
def test_a_stale_event_changes_nothing(start: str) -> None:
    before = apply(STARTS[start](), Event(EventType.UNLOCK_FAILED, at(20)))
    for event_type in TABLE:
        assert next_state(before, Event(event_type, at(19), 99), PARAMS) == before


def test_a_vendors_offline_report_never_postpones_the_deadline() -> None:
    state = apply(seen(), Event(EventType.OFFLINE, at(14)))
    # Seen at 0: silent after 25 min; the report at 14 would say 24.
    assert state.overdue_at == at(24)
    state = apply(state, Event(EventType.OFFLINE, at(20)))
    assert state.overdue_at == at(24)


def test_a_vendors_offline_report_for_a_lock_late_already_keeps_its_deadline() -> None:
    state = apply(seen(), Event(EventType.OFFLINE, at(20)))
    assert state.overdue_at == at(25)


def test_the_status_change_time_is_the_events() -> None:
    state = apply(seen(), Event(EventType.HEARTBEAT, at(5)))
    assert state.status_changed_at == at(0)
    state = apply(state, Event(EventType.JAMMED, at(6)))
    assert state.status_changed_at == at(6)


def test_went_silent_only_once_overdue() -> None:
    state = seen()
    assert went_silent(state, at(25) - timedelta(microseconds=1)) == state
    silent = went_silent(state, at(25))
    assert (silent.status, silent.status_changed_at, silent.overdue_at) == ("offline", at(25), None)
    assert went_silent(silent, at(100)) == silent
    assert went_silent(NEW, at(100)) == NEW


@pytest.mark.parametrize(
    ("battery", "level"),
    [
        (None, "ok"),
        (100, "ok"),
        (21, "ok"),
        (20, "warning"),
        (11, "warning"),
        (10, "critical"),
        (0, "critical"),
    ],
)
def test_battery_levels(battery: int | None, level: str) -> None:
    assert battery_level(battery, PARAMS) == BatteryLevel(level)


# --- Properties over any sequence of events and sweeps ------------------------

events = st.builds(
    Event,
    type=st.sampled_from(EventType.values),
    at=st.integers(0, 120).map(at),
    battery=st.none() | st.integers(0, 100),
)
steps = st.lists(st.one_of(events, st.integers(0, 180).map(at)), max_size=30)


def run(state: LockState, step: Event | datetime) -> LockState:
    return next_state(state, step, PARAMS) if isinstance(step, Event) else went_silent(state, step)


@given(steps)
def test_state_never_moves_backwards(sequence: list[Event | datetime]) -> None:
    state = NEW
    for step in sequence:
        after = run(state, step)
        for moment in ("last_event_at", "last_seen_at"):
            old, new = getattr(state, moment), getattr(after, moment)
            assert old is None or (new is not None and new >= old)
        state = after


@given(steps)
def test_state_stays_consistent(sequence: list[Event | datetime]) -> None:
    state = NEW
    for step in sequence:
        state = run(state, step)
        if state.status == LockStatus.UNKNOWN:
            assert state == NEW
            continue
        # Offline exactly when there is no deadline left to wait for.
        assert (state.status == LockStatus.OFFLINE) == (state.overdue_at is None)
        if state.jammed:
            assert state.status in (LockStatus.OFFLINE, LockStatus.JAMMED)
        if state.status == LockStatus.OK:
            assert battery_level(state.battery, PARAMS) == BatteryLevel.OK


@given(st.lists(events, max_size=20), events)
def test_only_the_sweep_declares_a_lock_offline(history: list[Event], event: Event) -> None:
    state = apply(NEW, *history)
    if state.status != LockStatus.OFFLINE:
        assert next_state(state, event, PARAMS).status != LockStatus.OFFLINE


@given(st.lists(events, max_size=20), events)
def test_applying_an_event_twice_is_applying_it_once(history: list[Event], event: Event) -> None:
    once = apply(NEW, *history, event)
    assert next_state(once, event, PARAMS) == once


@given(st.lists(events, min_size=1, max_size=20))
def test_the_newest_event_is_the_last_applied(history: list[Event]) -> None:
    state = apply(NEW, *history)
    assert state.last_event_at == max(e.at for e in history)


seen_types = st.sampled_from([t for t in EventType.values if t != EventType.OFFLINE])


@given(st.lists(events, max_size=20), seen_types, st.integers(0, 24 * 60))
def test_a_lock_heard_from_is_silent_only_after_its_interval_and_grace(
    history: list[Event], event_type: str, seconds_later: int
) -> None:
    state = apply(NEW, *history, Event(event_type, at(121)))
    assert state.status != LockStatus.OFFLINE
    moment = at(121) + timedelta(seconds=seconds_later)
    silent = went_silent(state, moment)
    assert (silent.status == LockStatus.OFFLINE) == (moment >= at(121) + INTERVAL + GRACE)


def test_the_interval_is_the_locks() -> None:
    hourly = replace(NEW, heartbeat_interval=timedelta(hours=1))
    assert apply(hourly, Event(EventType.HEARTBEAT, at(0))).overdue_at == at(70)


intervals = st.integers(10, 24 * 3600).map(lambda s: timedelta(seconds=s))


@given(st.lists(events, max_size=20), seen_types, intervals)
def test_a_new_interval_moves_the_deadline_as_if_it_had_always_been_so(
    history: list[Event], event_type: str, interval: timedelta
) -> None:
    # R17: a lock last heard from directly, its interval changed in the registry.
    last = Event(event_type, at(121))
    retimed = with_heartbeat_interval(apply(NEW, *history, last), interval)
    replayed = apply(replace(NEW, heartbeat_interval=interval), *history, last)
    if retimed.status not in (LockStatus.JAMMED, LockStatus.PENDING):
        assert retimed == replayed
    assert retimed.heartbeat_interval == interval


def test_a_longer_interval_postpones_a_heard_from_locks_deadline() -> None:
    assert with_heartbeat_interval(seen(), timedelta(hours=1)).overdue_at == at(70)
    assert with_heartbeat_interval(seen(), timedelta(minutes=5)).overdue_at == at(15)


def test_a_deadline_a_vendor_may_have_set_is_only_ever_brought_forward() -> None:
    for state in (pending(), jammed()):
        deadline = state.overdue_at
        assert deadline is not None
        assert with_heartbeat_interval(state, timedelta(hours=1)).overdue_at == deadline
        shorter = with_heartbeat_interval(state, timedelta(minutes=5))
        assert shorter.overdue_at == deadline - timedelta(minutes=10)


def test_a_lock_offline_or_never_heard_from_keeps_no_deadline() -> None:
    for state in (offline(), NEW):
        assert with_heartbeat_interval(state, timedelta(hours=1)).overdue_at is None
