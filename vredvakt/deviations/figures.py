"""Deviation reports by state and age, for the statistics (#15 item 3), read only.

The reports app calls `deviation_counts`; this app knows what a state means.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q

from vredvakt.accounts.models import Unit
from vredvakt.deviations.models import DeviationReport, ReportState

# How long a report has waited in its state: a draft since it was asked for, a
# submitted one since it was filed; a followed-up one waits for nobody.
WAITING_SINCE = {ReportState.DRAFT: "created_at", ReportState.SUBMITTED: "submitted_at"}


@dataclass(frozen=True)
class StateRow:
    state: str
    label: str
    count: int
    oldest_age: timedelta | None  # None: none in that state, or nothing waits


def deviation_counts(
    units: Iterable[Unit | int] | None,
    period_start: datetime,
    period_end: datetime,
    now: datetime,
) -> list[StateRow]:
    """Reports asked for in [period_start, period_end), per state, for `units` (None: all,
    outage reports included; outage reports have no unit and count only for all)."""
    reports = DeviationReport.objects.filter(
        created_at__gte=period_start, created_at__lt=period_end
    )
    if units is not None:
        ids = [u.pk if isinstance(u, Unit) else u for u in units]
        reports = reports.filter(unit_id__in=ids)
    per_state = dict(reports.values_list("state").annotate(count=Count("pk")).order_by())
    oldest = reports.aggregate(
        **{state.value: Min(field, filter=Q(state=state)) for state, field in WAITING_SINCE.items()}
    )
    rows = []
    for state in ReportState:
        since = oldest.get(state.value)
        rows.append(
            StateRow(
                state=state.value,
                label=str(state.label),
                count=per_state.get(state.value, 0),
                oldest_age=now - since if since is not None else None,
            )
        )
    return rows
