"""A report as JSON and CSV, for the municipality's deviation system (#15 item 2).

JSON keeps the structure (the facts, the timeline as a list); CSV is one header
row and one row for the report, the timeline in one cell, in UTF-8 with a byte
order mark so that Excel's "CSV UTF-8" opens åäö right.
"""

import csv
import io
from typing import Any

from vredvakt.deviations.models import DeviationReport
from vredvakt.lib.names import person_name

FORMAT_VERSION = 1


def _owner(report: DeviationReport) -> str:
    return person_name(report.owner) if report.owner else report.owner_role


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def report_data(report: DeviationReport) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "id": report.pk,
        "reference": report.reference,
        "state": report.state,
        "subject": "case" if report.case_id else "outage",
        "case_id": report.case_id,
        "outage_id": report.outage_id,
        "unit": report.unit.name if report.unit else "",
        "owner": _owner(report),
        "created_at": _iso(report.created_at),
        "submitted_at": _iso(report.submitted_at),
        "submitted_by": person_name(report.submitted_by),
        "account": report.account,
        "assessment": report.assessment,
        "serious_deficiency": report.serious,
        "serious_note": report.serious_note,
        "follow_up": {
            "analysis": report.analysis,
            "actions": report.actions,
            "closed_at": _iso(report.followed_up_at),
            "closed_by": person_name(report.followed_up_by),
        },
        "facts": report.facts,
        "facts_at": _iso(report.facts_at),
    }


CSV_COLUMNS = (
    "id",
    "reference",
    "state",
    "subject",
    "case_id",
    "outage_id",
    "unit",
    "client",
    "client_reference",
    "address",
    "lock",
    "opened_at",
    "restored_at",
    "out_of_order_minutes",
    "owner",
    "account",
    "assessment",
    "serious_deficiency",
    "serious_note",
    "submitted_at",
    "analysis",
    "actions",
    "closed_at",
    "deadlines",
    "timeline",
)


def _lines(rows: list[dict[str, Any]], *keys: str) -> str:
    return "\n".join(" · ".join(str(row.get(k) or "") for k in keys if row.get(k)) for row in rows)


def _flat(report: DeviationReport) -> dict[str, Any]:
    data = report_data(report)
    facts = report.facts
    client = facts.get("client") or {}
    lock = facts.get("lock") or {}
    return {
        **{k: data[k] for k in ("id", "reference", "state", "subject", "case_id", "outage_id")},
        "unit": data["unit"],
        "client": client.get("name", ""),
        "client_reference": client.get("reference", ""),
        "address": client.get("address", ""),
        "lock": " ".join(filter(None, (lock.get("vendor"), lock.get("model"), lock.get("id")))),
        "opened_at": facts.get("opened_at"),
        "restored_at": facts.get("restored_at"),
        "out_of_order_minutes": facts.get("out_of_order_minutes"),
        "owner": data["owner"],
        "account": report.account,
        "assessment": report.assessment,
        "serious_deficiency": report.serious,
        "serious_note": report.serious_note,
        "submitted_at": data["submitted_at"],
        "analysis": report.analysis,
        "actions": report.actions,
        "closed_at": data["follow_up"]["closed_at"],
        "deadlines": _lines(facts.get("deadlines", []), "step", "rule", "due_at", "outcome"),
        "timeline": _lines(facts.get("timeline", []), "at", "who", "what", "text"),
    }


def report_csv(report: DeviationReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow({k: "" if v is None else v for k, v in _flat(report).items()})
    return "\ufeff" + out.getvalue()
