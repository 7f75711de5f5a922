"""Who hears what about a deviation report (R14, R15): outbox rows, in-app and email.

Email carries no client data unless the routine version allows it: the message
says what to do and links to the report, where the facts sit behind login.
"""

from datetime import datetime
from typing import Any

from django.urls import reverse

from vredvakt.accounts.models import Role
from vredvakt.deviations.models import DeviationReport
from vredvakt.deviations.ownership import owner_recipients
from vredvakt.notifications.recipients import Group, Members, Recipient
from vredvakt.notifications.services import notify

DUE = "deviation_report_due"
SUBMITTED = "deviation_submitted"
REMINDER = "deviation_reminder"


def report_path(report: DeviationReport) -> str:
    return reverse("deviations:detail", args=[report.pk])


def _context(report: DeviationReport, **public: Any) -> dict[str, Any]:
    client = report.facts.get("client") or {}
    return {
        "public": {
            "unit": report.unit.name if report.unit else "",
            "outage": report.outage_id is not None,
            "own": report.owner_id is not None,
            **public,
        },
        "personal": {"client": client.get("name", "")} if client else {},
        "path": report_path(report),
    }


def owners(report: DeviationReport) -> list[Recipient]:
    return owner_recipients(report.owner, report.owner_role, report.unit)


def managers(report: DeviationReport) -> list[Recipient]:
    """Who follows it up: the unit's managers; an outage's, the operations manager (R15)."""
    if report.unit is None:
        return [Group.OPERATIONS_MANAGER]
    return [Members(report.unit, Role.UNIT_MANAGER)]


def report_requested(report: DeviationReport, *, now: datetime) -> None:
    """R14: the client has been helped; the owner writes the report while it is fresh."""
    notify(
        recipients=owners(report),
        template=DUE,
        context=_context(report, created_at=report.created_at),
        subject=report,
        now=now,
    )


def report_submitted(report: DeviationReport, *, now: datetime) -> None:
    """The unit manager follows up the submitted report (SOSFS 2011:9)."""
    serious = report.serious == "yes"
    notify(
        recipients=managers(report),
        template=SUBMITTED,
        context=_context(report, submitted_at=report.submitted_at, serious=serious),
        subject=report,
        now=now,
    )


def draft_waiting(report: DeviationReport, *, now: datetime) -> None:
    notify(
        recipients=owners(report),
        template=REMINDER,
        context=_context(report, stage="draft", since=report.created_at),
        subject=report,
        now=now,
    )


def follow_up_waiting(report: DeviationReport, *, now: datetime) -> None:
    notify(
        recipients=managers(report),
        template=REMINDER,
        context=_context(report, stage="follow_up", since=report.submitted_at),
        subject=report,
        now=now,
    )
