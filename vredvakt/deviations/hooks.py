"""Deviations hears of helped clients and ended outages (cases/hooks.py, outages/hooks.py)."""

from collections.abc import Sequence
from datetime import datetime

from vredvakt.cases.hooks import on_client_helped
from vredvakt.deviations.services import report_for_outage, reports_for_cases
from vredvakt.outages.hooks import on_outage_over


@on_client_helped
def client_helped(case_ids: Sequence[int], now: datetime) -> None:
    reports_for_cases(case_ids, now=now)  # R14


@on_outage_over
def outage_over(outage_id: int, now: datetime) -> None:
    report_for_outage(outage_id, now=now)  # R15
