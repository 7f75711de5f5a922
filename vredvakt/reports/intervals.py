"""Time intervals for availability: union, clipping and length. Pure, no database."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple


class Interval(NamedTuple):
    start: datetime
    end: datetime


def clip(intervals: Iterable[Interval], start: datetime, end: datetime) -> list[Interval]:
    """The parts of the intervals inside [start, end); empty parts dropped."""
    inside = (Interval(max(i.start, start), min(i.end, end)) for i in intervals)
    return [i for i in inside if i.start < i.end]


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals merged, sorted by start."""
    merged: list[Interval] = []
    for current in sorted(i for i in intervals if i.start < i.end):
        if merged and current.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Interval(last.start, max(last.end, current.end))
        else:
            merged.append(current)
    return merged


def length(intervals: Iterable[Interval]) -> timedelta:
    """Total time covered, each moment counted once."""
    return sum((i.end - i.start for i in union(intervals)), timedelta())
