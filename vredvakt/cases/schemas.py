"""What the cases API reads and writes: fault cases, their checklist and timeline."""

from datetime import date, datetime
from typing import Annotated, Any

from django.contrib.auth.models import AbstractBaseUser
from ninja import Field, Schema
from ninja.filter_schema import FilterLookup
from pydantic import StringConstraints

from vredvakt.accounts.apitools import Blank60, FilterIn, Id, InputSchema, Notes, Text80
from vredvakt.accounts.schemas import UnitBrief
from vredvakt.cases.models import (
    CaseKind,
    CaseMode,
    CaseSource,
    CaseStatus,
    CaseStep,
    FaultCase,
    NightPatrolMessage,
    TimelineEntry,
)
from vredvakt.cases.services.night_patrol import PatrolLine
from vredvakt.cases.services.timeline import EntryKind
from vredvakt.cases.steps import label
from vredvakt.clients.schemas import ClientBrief
from vredvakt.lib.names import person_name
from vredvakt.routine_versions.in_force import key_kind_at

# Room for the "api:<user id>:" prefix in SubmissionToken.token (64 characters).
IdempotencyKey = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=48, pattern=r"^[-\w.:]*$")
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


# Input


class CaseIn(InputSchema):
    client: Id
    kind: CaseKind = Field(CaseKind.LOCK, description="What does not work: lock, app or other.")
    note: Notes = ""
    idempotency_key: IdempotencyKey = Field(
        "",
        description="The same key from the same user again joins the first report (a retry).",
    )


class NoteIn(InputSchema):
    text: Notes = ""
    vendor_ticket: Blank60 = ""
    troubleshooting: bool = Field(False, description="The alarm group's troubleshooting (R8).")


class ActionIn(InputSchema):
    note: Notes = ""


class DeviationIn(InputSchema):
    reference: Text80 = Field(description="The report's reference in the deviation system (R14).")


class CorrectionIn(InputSchema):
    text: Text


class NightPatrolMessageIn(InputSchema):
    unit: Id
    case_ids: list[Id] = Field(min_length=1, max_length=500)
    text: Notes = Field("", description="Empty: the draft is sent as it is.")


class CaseFilter(FilterIn):
    status: CaseStatus | None = None
    unit: Annotated[Id | None, FilterLookup("unit_id")] = None
    mode: CaseMode | None = None
    source: CaseSource | None = None
    kind: CaseKind | None = None
    client: Annotated[Id | None, FilterLookup("client_id")] = None


# Output


# Named for the case: component names are unique across the API (keys have a PersonOut).
class CasePersonOut(Schema):
    id: int
    name: str


class StepOut(Schema):
    code: str
    rule: str
    role: str
    label: str
    due: datetime | None
    done_at: datetime | None
    done_by: CasePersonOut | None


class TimelineEntryOut(Schema):
    id: int
    at: datetime
    actor: CasePersonOut | None
    kind: str
    text: str
    corrects: int | None


# Not DecisionOut: that name is the care decision itself (clients.schemas).
class CaseDecisionOut(Schema):
    """R4: what the client's care decisions meant when the case opened."""

    access_revoked: bool
    expires_on: date | None
    expired_on: date | None


class KeyHintOut(Schema):
    code: str
    hook: str
    place: str | None


class KeyGuidanceOut(Schema):
    """R1/R2: which spare key opens the door, and where it is."""

    key_kind: str
    key: KeyHintOut | None


class CaseOut(Schema):
    id: int
    client: ClientBrief
    unit: UnitBrief
    kind: str
    source: str
    mode: str
    shift: str
    status: str
    opened_at: datetime
    restored_at: datetime | None
    closed_at: datetime | None
    restore_proposed_at: datetime | None
    alarm_acknowledged_at: datetime | None
    access_revoked: bool
    decision_expires_on: date | None
    vendor_ticket: str
    routine_version: str | None

    @staticmethod
    def resolve_routine_version(case: FaultCase | dict[str, Any]) -> str | None:
        # R16: the version the case runs under; a case or a detail dict (case_detail),
        # both holding the RoutineVersion itself.
        version = case.get("routine_version") if isinstance(case, dict) else case.routine_version
        return version.code if version is not None else None


class CaseDetailOut(CaseOut):
    decision: CaseDecisionOut
    key_guidance: KeyGuidanceOut
    steps: list[StepOut]
    timeline: list[TimelineEntryOut]


class CaseOpenedOut(CaseDetailOut):
    joined: bool = Field(description="True: the report joined a case that was already open.")


class PatrolLineOut(Schema):
    case_id: int
    client: str
    address: str
    key: str
    key_place: str


class NightPatrolDraftOut(Schema):
    unit: UnitBrief
    cases: list[CaseOut]
    lines: list[PatrolLineOut]
    text: str


class NightPatrolMessageOut(Schema):
    id: int
    unit: UnitBrief
    sent_at: datetime
    sent_by: CasePersonOut
    case_ids: list[int]
    text: str


# Building the output


def person(user: AbstractBaseUser | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": person_name(user)}


def step_out(step: CaseStep) -> dict[str, Any]:
    return {
        "code": step.code,
        "rule": step.rule,
        "role": step.role,
        "label": label(step.code),
        "due": step.due_at,
        "done_at": step.done_at,
        "done_by": person(step.done_by),
    }


def entry_out(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "at": entry.at,
        "actor": person(entry.actor),
        "kind": entry.kind,
        "text": entry.text,
        "corrects": entry.corrects_id,
    }


def _decision(case: FaultCase, entries: list[TimelineEntry]) -> dict[str, Any]:
    checked = next((e for e in entries if e.kind == EntryKind.DECISION_CHECKED), None)
    expired_on = checked.data.get("expired_on") if checked is not None else None
    return {
        "access_revoked": case.access_revoked,
        "expires_on": case.decision_expires_on,
        "expired_on": expired_on,
    }


def _key_guidance(case: FaultCase, now: datetime) -> dict[str, Any]:
    """R1, R2: the key for whoever asks at `now`, not for the shift the case opened in (#12)."""
    # Through the relation the keys app declares on Client (keys sits above cases).
    key = case.client.keys.for_case(case, now=now).first()
    hint = None
    if key is not None:
        place = key.storage.name if key.storage is not None else None
        hint = {"code": key.code, "hook": key.hook, "place": place}
    return {"key_kind": key_kind_at(now), "key": hint}


def case_detail(case: FaultCase, now: datetime, **extra: Any) -> dict[str, Any]:
    steps = case.steps.select_related("done_by").order_by("position", "pk")
    entries = list(case.timeline.select_related("actor").order_by("at", "pk"))
    # The model objects themselves: CaseOut's resolvers turn them into their output.
    detail = {name: getattr(case, name) for name in CaseOut.model_fields}
    return {
        **detail,
        "decision": _decision(case, entries),
        "key_guidance": _key_guidance(case, now),
        "steps": [step_out(step) for step in steps],
        "timeline": [entry_out(entry) for entry in entries],
        **extra,
    }


def patrol_line_out(line: PatrolLine) -> dict[str, Any]:
    return {
        "case_id": line.case.pk,
        "client": str(line.case.client),
        "address": line.case.client.full_address,
        "key": line.key,
        "key_place": line.key_place,
    }


def message_out(message: NightPatrolMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "unit": message.unit,
        "sent_at": message.sent_at,
        "sent_by": person(message.sent_by),
        "case_ids": sorted(message.cases.values_list("pk", flat=True)),
        "text": message.text,
    }
