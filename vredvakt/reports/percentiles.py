"""Median and percentiles of durations, computed in Python: the same on SQLite and PostgreSQL."""

import math
import statistics
from collections.abc import Sequence
from datetime import timedelta


def median(values: Sequence[timedelta]) -> timedelta | None:
    """The middle value; with an even count, the mean of the two middle ones."""
    if not values:
        return None
    seconds = statistics.median(v.total_seconds() for v in values)
    return timedelta(seconds=seconds)


def percentile(values: Sequence[timedelta], p: int) -> timedelta | None:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def hours(value: timedelta | None) -> float | None:
    """Hours with one decimal, as the tables, charts and CSV files show them."""
    return None if value is None else round(value.total_seconds() / 3600, 1)
