"""What the report pages show, read only: the facts in local time and plain words."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from vredvakt.deviations.export.pdf import when
from vredvakt.deviations.models import DeviationReport
from vredvakt.deviations.texts import outcome_label, owner_label


@dataclass(frozen=True)
class Row:
    report: DeviationReport
    title: str
    owner: str
    waiting_since: datetime


def title(report: DeviationReport) -> str:
    facts = report.facts
    if facts.get("subject") == "outage":
        return f"{facts.get('cause', '')} · {when(facts.get('opened_at'))}"
    client = (facts.get("client") or {}).get("name", "")
    return f"{client} · {facts.get('what', '')} · {when(facts.get('opened_at'))}"


def rows(reports: QuerySet[DeviationReport]) -> list[Row]:
    chosen = reports.select_related("owner", "unit", "case__client").order_by(
        "state", "-created_at", "-pk"
    )
    return [Row(r, title(r), owner_label(r), r.submitted_at or r.created_at) for r in chosen[:200]]


def facts_view(report: DeviationReport) -> dict[str, Any]:
    """The snapshot with its moments as local times, for the template."""
    facts = report.facts
    timeline = [{**e, "at": when(e.get("at"))} for e in facts.get("timeline", [])]
    deadlines = [
        {
            **s,
            "due_at": when(s.get("due_at")),
            "done_at": when(s.get("done_at")) if s.get("done_at") else "",
            "outcome_text": outcome_label(s.get("outcome", "")),
        }
        for s in facts.get("deadlines", [])
    ]
    keys = [
        {
            **k,
            "signed_out_at": when(k.get("signed_out_at")),
            "returned_at": when(k.get("returned_at")),
        }
        for k in facts.get("keys", [])
    ]
    return {
        **facts,
        "opened_at": when(facts.get("opened_at")),
        "restored_at": when(facts.get("restored_at")) if facts.get("restored_at") else "",
        "timeline": timeline,
        "deadlines": deadlines,
        "keys": keys,
    }
