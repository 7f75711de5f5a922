"""A report as a PDF (#15 item 2): readable on paper, in Swedish, with the timeline.

reportlab's standard Helvetica is written in WinAnsi encoding, which holds å, ä,
ö and é; no font files or system packages are needed. Text is escaped before it
reaches reportlab's paragraph markup.
"""

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from vredvakt.deviations.models import DeviationReport
from vredvakt.deviations.texts import outcome_label, owner_label, serious_label, state_label
from vredvakt.routine.clock import to_local

STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontName="Helvetica", fontSize=10)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=9, leading=11)
H1 = ParagraphStyle("h1", parent=STYLES["Heading1"], fontName="Helvetica-Bold", fontSize=16)
H2 = ParagraphStyle("h2", parent=STYLES["Heading2"], fontName="Helvetica-Bold", fontSize=12)
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
    ]
)
FACTS_STYLE = TableStyle(
    [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)]
)


def when(value: str | None) -> str:
    """An ISO moment from the facts as local time, "2026-11-24 10:00"."""
    if not value:
        return "–"
    return to_local(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")


def _p(text: object, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(str(text or "–")).replace("\n", "<br/>"), style)


def _table(rows: list[list[Any]], widths: list[float], style: TableStyle) -> Table:
    cells = [[_p(cell, SMALL) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1 if style is GRID else 0)
    table.setStyle(style)
    return table


def _case_rows(facts: dict[str, Any]) -> list[list[Any]]:
    client, lock = facts.get("client") or {}, facts.get("lock") or {}
    lock_text = " ".join(filter(None, (lock.get("vendor"), lock.get("model"), lock.get("id"))))
    return [
        [_("Unit"), facts.get("unit")],
        [_("Client"), f"{client.get('name', '')} ({client.get('reference', '')})"],
        [_("Address"), client.get("address")],
        [_("What failed"), facts.get("what")],
        [_("Lock"), lock_text],
        [_("Reported"), f"{when(facts.get('opened_at'))} {facts.get('reported_by') or ''}"],
        [_("Works again"), f"{when(facts.get('restored_at'))} {facts.get('restored_by') or ''}"],
    ]


def _outage_rows(facts: dict[str, Any]) -> list[list[Any]]:
    return [
        [_("Suspected cause"), facts.get("cause")],
        [_("Description"), facts.get("description")],
        [_("Started"), when(facts.get("opened_at"))],
        [_("Over"), f"{when(facts.get('restored_at'))} {facts.get('restored_by') or ''}"],
        [_("Fault cases"), facts.get("cases")],
        [_("Clients affected"), facts.get("clients")],
        [_("Units"), ", ".join(facts.get("units", []))],
    ]


def _facts(report: DeviationReport) -> list[Flowable]:
    facts = report.facts
    rows = _case_rows(facts) if facts.get("subject") == "case" else _outage_rows(facts)
    rows.append([_("Out of order for"), facts.get("out_of_order_text")])
    rows.append([_("Owner"), owner_label(report)])
    return [_table(rows, [45 * mm, 125 * mm], FACTS_STYLE)]


def _timeline(facts: dict[str, Any]) -> list[Flowable]:
    rows = [[_("Time"), _("Who"), _("What")]]
    for entry in facts.get("timeline", []):
        what = entry.get("what", "")
        if entry.get("text"):
            what = f"{what}: {entry['text']}"
        rows.append([when(entry.get("at")), entry.get("who") or "–", what])
    return [Paragraph(escape(_("Timeline")), H2), _table(rows, [32 * mm, 35 * mm, 103 * mm], GRID)]


def _deadlines(facts: dict[str, Any]) -> list[Flowable]:
    steps = facts.get("deadlines", [])
    if not steps:
        return []
    rows = [[_("Step"), _("Due"), _("Done"), _("Outcome")]]
    for step in steps:
        done = f"{when(step.get('done_at'))} {step.get('done_by') or ''}".strip()
        rows.append(
            [
                f"{step.get('step')} ({step.get('rule')})",
                when(step.get("due_at")),
                done if step.get("done_at") else "–",
                outcome_label(step.get("outcome", "")),
            ]
        )
    widths = [62 * mm, 30 * mm, 48 * mm, 30 * mm]
    return [Paragraph(escape(_("Deadlines")), H2), _table(rows, widths, GRID)]


def _section(title: str, text: str) -> list[Flowable]:
    return [Paragraph(escape(title), H2), _p(text)]


def _written(report: DeviationReport) -> list[Flowable]:
    parts = _section(_("What happened, in your words"), report.account)
    parts += _section(_("Assessment"), report.assessment)
    parts += _section(_("May be a serious deficiency (Lex Sarah)"), serious_label(report.serious))
    if report.serious_note:
        parts.append(_p(report.serious_note))
    if report.followed_up_at is not None:
        parts += _section(_("Follow-up: analysis"), report.analysis)
        parts += _section(_("Follow-up: actions"), report.actions)
    return parts


def report_pdf(report: DeviationReport) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        buffer = io.BytesIO()
        title = _("Deviation report")
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            title=title,
            author="Vredvakt",
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
        )
        state = _("State: %(state)s") % {"state": state_label(report.state)}
        reference = _("Reference: %(reference)s") % {
            "reference": report.reference or _("not submitted yet")
        }
        story: list[Flowable] = [
            Paragraph(escape(title), H1),
            _p(f"{state} · {reference}"),
            Spacer(1, 4 * mm),
            *_facts(report),
            *_timeline(report.facts),
            *_deadlines(report.facts),
            *_written(report),
        ]
        doc.build(story)
        return buffer.getvalue()
