"""Intervals, percentiles and a lock's telemetry replayed: the pure parts of the statistics."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from vredvakt.locks.telemetry import (
    Event,
    EventType,
    LockState,
    LockStatus,
    next_state,
    went_silent,
)
from vredvakt.reports.intervals import Interval, clip, length, union
from vredvakt.reports.lock_history import telemetry_down
from vredvakt.reports.percentiles import hours, median, percentile
from vredvakt.routine.parameters import RoutineParameters

T0 = datetime(2026, 11, 2, tzinfo=UTC)


def at(h: float) -> datetime:
    return T0 + timedelta(hours=h)


def test_union_merges_overlapping_and_touching_intervals() -> None:
    got = union(
        [
            Interval(at(5), at(6)),
            Interval(at(0), at(2)),
            Interval(at(1), at(3)),
            Interval(at(3), at(4)),
        ]
    )
    assert got == [Interval(at(0), at(4)), Interval(at(5), at(6))]


def test_clip_keeps_what_lies_inside() -> None:
    assert clip([Interval(at(-2), at(1)), Interval(at(9), at(12))], at(0), at(10)) == [
        Interval(at(0), at(1)),
        Interval(at(9), at(10)),
    ]


# No deadline: on a loaded shared machine an example's timing says nothing.
@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), max_size=12))
def test_length_counts_each_moment_once(pairs: list[tuple[int, int]]) -> None:
    intervals = [Interval(at(min(a, b)), at(max(a, b))) for a, b in pairs]
    covered = {
        h
        for i in intervals
        for h in range(
            int((i.start - T0).total_seconds() // 3600), int((i.end - T0).total_seconds() // 3600)
        )
    }
    assert length(intervals) == timedelta(hours=len(covered))


def test_median_and_90th_percentile() -> None:
    values = [timedelta(hours=h) for h in (10, 1, 4, 2)]
    assert hours(median(values)) == 3.0
    assert hours(percentile(values, 90)) == 10.0
    assert percentile([timedelta(hours=h) for h in range(1, 11)], 90) == timedelta(hours=9)
    assert median([]) is None and percentile([], 90) is None and hours(None) is None


def down(*events: tuple[str, float], until: float, beat: float = 1) -> list[Interval]:
    return telemetry_down(
        [Event(kind, at(h)) for kind, h in events],
        heartbeat_interval=timedelta(hours=beat),
        params=RoutineParameters(offline_grace_minutes=30),
        until=at(until),
    )


def test_a_lock_never_heard_from_counts_as_working() -> None:
    assert down(until=10) == []


def test_a_silent_lock_is_down_from_its_heartbeat_and_grace() -> None:
    # Heard at 0, expected every hour, grace 30 min: silent from 1:30 until heard at 4.
    assert down((EventType.HEARTBEAT, 0), (EventType.HEARTBEAT, 4), until=4.5) == [
        Interval(at(1.5), at(4))
    ]


def test_a_lock_still_silent_is_down_until_the_end() -> None:
    assert down((EventType.HEARTBEAT, 0), until=3) == [Interval(at(1.5), at(3))]


def test_a_jam_lasts_until_an_unlock_succeeds() -> None:
    events = (
        (EventType.HEARTBEAT, 0),
        (EventType.JAMMED, 0.25),
        (EventType.HEARTBEAT, 0.5),
        (EventType.UNLOCK_OK, 0.75),
    )
    assert down(*events, until=1) == [Interval(at(0.25), at(0.75))]


def test_a_vendors_offline_report_counts_only_after_the_grace() -> None:
    quick = down(
        (EventType.HEARTBEAT, 0), (EventType.OFFLINE, 0.2), (EventType.ONLINE, 0.5), until=1
    )
    assert quick == []
    slow = down(
        (EventType.HEARTBEAT, 0), (EventType.OFFLINE, 0.2), (EventType.ONLINE, 1), until=1.2
    )
    assert slow == [Interval(at(0.7), at(1))]


def replayed_one_by_one(events: list[Event], beat: timedelta, until: datetime) -> list[Interval]:
    """Every event through next_state, the sweep's rule before each: what folding must equal."""
    params = RoutineParameters(offline_grace_minutes=30)
    state = LockState(heartbeat_interval=beat)
    moves: list[LockState] = []
    for event in events:
        if event.at >= until:
            break
        if state.overdue_at is not None and state.overdue_at <= event.at:
            state = went_silent(state, state.overdue_at)
            moves.append(state)
        state = next_state(state, event, params)
        moves.append(state)
    if state.overdue_at is not None and state.overdue_at <= until:
        moves.append(went_silent(state, state.overdue_at))
    down: list[Interval] = []
    since: datetime | None = None
    for move in moves:
        is_down = move.status in (LockStatus.OFFLINE, LockStatus.JAMMED)
        if is_down and since is None:
            since = move.status_changed_at
        elif not is_down and since is not None and move.status_changed_at is not None:
            down.append(Interval(since, move.status_changed_at))
            since = None
    if since is not None:
        down.append(Interval(since, until))
    return down


EVENT_TYPES = st.sampled_from(
    [EventType.HEARTBEAT] * 6
    + [EventType.OFFLINE, EventType.ONLINE, EventType.JAMMED, EventType.UNLOCK_OK]
    + [EventType.BATTERY]
)


# No deadline: on a loaded shared machine an example's timing says nothing.
@settings(deadline=None)
@given(
    st.lists(
        st.tuples(EVENT_TYPES, st.integers(0, 48 * 4), st.one_of(st.none(), st.integers(0, 100))),
        max_size=40,
    )
)
def test_folding_heartbeats_gives_the_same_as_replaying_each(
    raw: list[tuple[str, int, int | None]],
) -> None:
    # Quarter hours over two days; a battery level only on battery events, as vendors send.
    events = sorted(
        (
            Event(kind, at(q / 4), battery if kind == EventType.BATTERY else None)
            for kind, q, battery in raw
        ),
        key=lambda e: e.at,
    )
    until = at(49)
    folded = telemetry_down(
        events,
        heartbeat_interval=timedelta(hours=1),
        params=RoutineParameters(offline_grace_minutes=30),
        until=until,
    )
    assert folded == replayed_one_by_one(events, timedelta(hours=1), until)
