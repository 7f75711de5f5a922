"""The facts a deviation report is prefilled with, read from the case's or outage's record.

Staff no longer retype from memory what Vredvakt already knows (R14, R15): what
happened and when, which client, lock and key, who did what when, which
deadlines were met or missed, and how long the client's door was out of order.
The facts are a JSON snapshot in the report, with labels in the product's
language (Swedish): the report is a document for the municipality's deviation
system, read as it was written.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import translation

from vredvakt.cases.models import CaseStep, FaultCase
from vredvakt.cases.pages.case_page import entry_detail, entry_label
from vredvakt.cases.steps import StepCode, label
from vredvakt.lib.humane import long_duration
from vredvakt.lib.names import person_name
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.templatetags.outages_ui import entry_label as outage_entry_label

Facts = dict[str, Any]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def case_facts(case: FaultCase, now: datetime) -> Facts:
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "subject": "case",
            "case_id": case.pk,
            "unit": case.unit.name,
            "what": str(case.get_kind_display()),
            "source": str(case.get_source_display()),
            "mode": str(case.get_mode_display()),
            "routine_version": case.routine_version.code if case.routine_version else "",
            "major_outage": case.major_outage_id,
            "client": _client(case),
            "lock": _lock(case),
            "opened_at": _iso(case.opened_at),
            "reported_by": person_name(case.opened_by),
            "restored_at": _iso(case.restored_at),
            "restored_by": person_name(case.restored_by),
            "closed_at": _iso(case.closed_at),
            **_out_of_order(case.opened_at, case.restored_at, now),
            "keys": _keys(case),
            "deadlines": _deadlines(case, now),
            "timeline": _case_timeline(case),
        }


def _client(case: FaultCase) -> dict[str, str]:
    client = case.client
    return {"name": str(client), "reference": client.reference, "address": client.full_address}


def _lock(case: FaultCase) -> dict[str, str] | None:
    lock = case.lock
    if lock is None:
        return None
    return {
        "vendor": lock.vendor,
        "model": lock.model,
        "id": lock.vendor_lock_id,
        "area": lock.area,
    }


def _out_of_order(start: datetime, end: datetime | None, now: datetime) -> Facts:
    """How long the client's door did not open for staff; still counting while not back."""
    span = (end or now) - start
    return {
        "out_of_order_minutes": int(span.total_seconds() // 60),
        "out_of_order_text": long_duration(span),
        "still_out_of_order": end is None,
    }


def _keys(case: FaultCase) -> list[dict[str, Any]]:
    loans = case.key_loans.select_related("key", "signed_out_by").order_by("signed_out_at", "pk")
    return [
        {
            "key": loan.key.code,
            "signed_out_by": person_name(loan.signed_out_by),
            "signed_out_at": _iso(loan.signed_out_at),
            "returned_at": _iso(loan.returned_at),
        }
        for loan in loans
    ]


def step_outcome(step: CaseStep, now: datetime) -> str:
    """met, late (done after its deadline), missed (not done, deadline passed), open, done."""
    if step.due_at is None:
        return "done" if step.done_at is not None else "open"
    if step.done_at is not None:
        return "met" if step.done_at <= step.due_at else "late"
    return "missed" if step.due_at < now else "open"


def _deadlines(case: FaultCase, now: datetime) -> list[dict[str, Any]]:
    steps = case.steps.exclude(code=StepCode.REPORT_DEVIATION).select_related("done_by")
    return [
        {
            "step": str(label(step.code)),
            "rule": step.rule,
            "due_at": _iso(step.due_at),
            "done_at": _iso(step.done_at),
            "done_by": person_name(step.done_by),
            "outcome": step_outcome(step, now),
        }
        for step in steps.order_by("position", "pk")
    ]


def _case_timeline(case: FaultCase) -> list[dict[str, Any]]:
    entries = case.timeline.select_related("actor").order_by("at", "pk")
    return [
        {
            "at": _iso(entry.at),
            "who": person_name(entry.actor),
            "what": entry_label(entry),
            "text": " ".join(part for part in (entry_detail(entry), entry.text) if part),
        }
        for entry in entries
    ]


def outage_facts(outage: MajorOutage, now: datetime) -> Facts:
    with translation.override(settings.LANGUAGE_CODE):
        cases = FaultCase.objects.filter(major_outage=outage)
        units = cases.values_list("unit__name", flat=True).distinct().order_by("unit__name")
        return {
            "subject": "outage",
            "outage_id": outage.pk,
            "cause": str(outage.get_cause_display()),
            "source": str(outage.get_source_display()),
            "description": outage.description,
            "areas": list(outage.areas),
            "vendors": list(outage.vendors),
            "opened_at": _iso(outage.opened_at),
            "declared_by": person_name(outage.declared_by),
            "leader": person_name(outage.leader),
            "restored_at": _iso(outage.restored_at),
            "restored_by": person_name(outage.restored_by),
            **_out_of_order(outage.opened_at, outage.restored_at, now),
            "cases": cases.count(),
            "clients": cases.values("client_id").distinct().count(),
            "units": list(units),
            "keys_used": cases.filter(key_loans__isnull=False).values("key_loans").count(),
            "timeline": _outage_timeline(outage),
        }


def _outage_timeline(outage: MajorOutage) -> list[dict[str, Any]]:
    entries = outage.entries.select_related("actor").order_by("at", "pk")
    return [
        {
            "at": _iso(entry.at),
            "who": person_name(entry.actor),
            "what": outage_entry_label(entry.kind),
            "text": entry.text,
        }
        for entry in entries
    ]
