"""Deviation reports by state and age (R14, R15): how far the follow-up has come."""

from datetime import datetime

from vredvakt.deviations.figures import deviation_counts
from vredvakt.reports.figures.base import Row, Units

HOUR = 3600


def deviation_reports(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(state, reports, oldest waiting in days), for the reports asked for in the period."""
    rows = deviation_counts(units, start, end, now)
    return [
        (
            row.label,
            row.count,
            round(row.oldest_age.total_seconds() / (24 * HOUR), 1) if row.oldest_age else None,
        )
        for row in rows
    ]
