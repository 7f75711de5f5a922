"""The deviation report API's shapes (R14, R15)."""

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from vredvakt.accounts.apitools import InputSchema, Notes
from vredvakt.deviations.models import DeviationReport
from vredvakt.deviations.pages import title
from vredvakt.deviations.texts import owner_label

Serious = Literal["", "no", "unsure", "yes"]


class ReportOut(Schema):
    id: int
    state: str
    subject: Literal["case", "outage"]
    case_id: int | None
    outage_id: int | None
    unit: str
    owner: str
    title: str
    reference: str
    created_at: datetime
    submitted_at: datetime | None
    followed_up_at: datetime | None

    @staticmethod
    def resolve_subject(report: DeviationReport) -> str:
        return "case" if report.case_id else "outage"

    @staticmethod
    def resolve_unit(report: DeviationReport) -> str:
        return report.unit.name if report.unit else ""

    @staticmethod
    def resolve_owner(report: DeviationReport) -> str:
        return owner_label(report)

    @staticmethod
    def resolve_title(report: DeviationReport) -> str:
        return title(report)


class ReportDetailOut(ReportOut):
    account: str
    assessment: str
    serious: str
    serious_note: str
    analysis: str
    actions: str
    facts: dict[str, Any]
    facts_at: datetime


class ReportIn(InputSchema):
    account: Notes = ""
    assessment: Notes = ""
    serious: Serious = Field("", description="May this be a serious deficiency (Lex Sarah)?")
    serious_note: Notes = ""


class SubmitIn(ReportIn):
    reference: str = Field(
        "", max_length=200, description="The report's reference in the deviation system."
    )


class FollowUpIn(InputSchema):
    analysis: Notes = ""
    actions: Notes = ""
