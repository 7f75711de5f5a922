"""Fault cases over HTTP: the same services and access checks as the pages.

A case outside the caller's scope answers 404; one the caller sees but may not
act on, 403; a step the routine forbids (CaseError), its own status. Every
answer that shows a client's name or address is audit-logged as a read.
"""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from vredvakt.accounts.apitools import (
    INPUT_ERRORS,
    RATE_LIMITED,
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    ClientReadPagination,
    ErrorOut,
    Id,
    Slug40,
    carried_out,
    forbid,
    log_client_reads,
    rate_check,
    user_of,
)
from vredvakt.cases.access import (
    can_coordinate,
    can_message_night_patrol,
    can_report,
    can_report_deviation,
    cases_visible_to,
    clients_reportable_by,
    get_case_for_user,
    get_night_patrol_unit_for_user,
    is_alarm_group,
    is_staff_on_site,
    may_correct,
    may_note,
    may_tick,
    night_patrol_cases_for,
)
from vredvakt.cases.models import CaseSource, FaultCase
from vredvakt.cases.schemas import (
    ActionIn,
    CaseDetailOut,
    CaseFilter,
    CaseIn,
    CaseOpenedOut,
    CaseOut,
    CorrectionIn,
    DeviationIn,
    NightPatrolDraftOut,
    NightPatrolMessageIn,
    NightPatrolMessageOut,
    NoteIn,
    TimelineEntryOut,
    case_detail,
    entry_out,
    message_out,
    patrol_line_out,
)
from vredvakt.cases.services import lifecycle, night_patrol
from vredvakt.cases.services.opening import case_open
from vredvakt.cases.steps import DONE_BY_ACTION
from vredvakt.clients.access import clients_visible_to
from vredvakt.lib.tokens import submission_key

router = Router(tags=["cases"])

CASE_ACTION = {200: CaseDetailOut, **WRITE_ERRORS}


def _detail(request: HttpRequest, case: FaultCase, **extra: Any) -> dict[str, Any]:
    case.refresh_from_db()
    log_client_reads(request, [case.client])
    return case_detail(case, timezone.now(), **extra)


def _case(request: HttpRequest, case_id: Id) -> tuple[User, FaultCase]:
    user = user_of(request)
    return user, get_case_for_user(user, case_id)


def _shown_clients(cases: list[FaultCase]) -> list[Any]:
    return [case.client for case in cases]


# Night patrol (R9, R10): who may write for a unit is the page's rule too (cases.access).
# Before /cases/{case_id} so the paths read in order.


@router.get(
    "/cases/night-patrol/draft",
    response={200: NightPatrolDraftOut, **READ_ERRORS, 403: ErrorOut},
    summary="Draft the message to the night patrol (R9, R10)",
)
def night_patrol_draft(request: HttpRequest, unit: Id) -> dict[str, Any]:
    """Open cases of the unit that the night patrol has not heard of, with the key for each."""
    user = user_of(request)
    patrol_unit = get_night_patrol_unit_for_user(user, unit)
    cases = list(night_patrol_cases_for(user, patrol_unit))
    lines = night_patrol.patrol_lines(cases)
    log_client_reads(request, _shown_clients(cases))
    return {
        "unit": patrol_unit,
        "cases": cases,
        "lines": [patrol_line_out(line) for line in lines],
        "text": night_patrol.night_patrol_draft(lines),
    }


@router.post(
    "/cases/night-patrol/messages",
    response={201: NightPatrolMessageOut, **WRITE_ERRORS},
    summary="Send the message to the night patrol (R9, R10)",
)
def night_patrol_send(request: HttpRequest, payload: NightPatrolMessageIn) -> Status[Any]:
    """Each case records when the night patrol was told; sending twice is refused (409)."""
    user = user_of(request)
    unit = get_night_patrol_unit_for_user(user, payload.unit)
    cases = list(cases_visible_to(user).filter(pk__in=payload.case_ids))
    if len(cases) != len(set(payload.case_ids)):
        raise Http404("No such case.")
    if not all(can_message_night_patrol(user, case) for case in cases):
        forbid(_("You may not message the night patrol about these cases."))
    message = carried_out(
        lambda: night_patrol.night_patrol_message_send(
            unit=unit,
            case_ids=payload.case_ids,
            text=payload.text,
            by=user,
            now=timezone.now(),
            via=VIA,
        )
    )
    log_client_reads(request, _shown_clients(cases))
    return Status(201, message_out(message))


# Opening and reading


@router.post(
    "/cases",
    response={201: CaseOpenedOut, 200: CaseOpenedOut, **WRITE_ERRORS, **RATE_LIMITED},
    summary="Report a fault: open a case, or join the open one (R3, R4, R6)",
)
def case_create(request: HttpRequest, payload: CaseIn) -> Status[Any]:
    """201 with a new case; 200 with `joined: true` when the report joined an open case
    for the same client and kind, or repeated an earlier request's idempotency key."""
    user = user_of(request)
    rate_check(request, "report", timezone.now())  # #14: 429 with Retry-After past the limit
    # The night patrol reports for clients it does not see in the register (R10b).
    seen = clients_visible_to(user) | clients_reportable_by(user)
    client = seen.filter(pk=payload.client).first()
    if client is None:
        raise Http404("No such client.")
    if not can_report(user, client):
        forbid(_("You may not report faults for this client."))
    # Scoped to the caller: another user's key never reaches this user's case.
    token = submission_key(via="api", user_id=user.pk, token=payload.idempotency_key)
    opening = case_open(
        client=client,
        kind=payload.kind,
        source=CaseSource.CARE_WORKER if is_staff_on_site(user, client) else CaseSource.COORDINATOR,
        reported_by=user,
        now=timezone.now(),
        note=payload.note,
        token=token,
        via=VIA,
    )
    case = opening.case
    if (case.client_id, case.kind) != (client.pk, payload.kind):
        # The key came back with another report: nothing was done this time.
        raise HttpError(409, _("That idempotency key was used for another report."))
    return Status(200 if opening.joined else 201, _detail(request, case, joined=opening.joined))


@router.get(
    "/cases",
    response={200: list[CaseOut], **INPUT_ERRORS},
    summary="List the fault cases you can see",
)
@paginate(ClientReadPagination, clients_of=_shown_clients)
def case_list(request: HttpRequest, filters: Query[CaseFilter]) -> QuerySet[FaultCase]:
    cases = cases_visible_to(user_of(request))
    return filters.filter(cases).order_by("-opened_at", "-pk")


@router.get(
    "/cases/{case_id}",
    response={200: CaseDetailOut, **READ_ERRORS},
    summary="A case with its checklist, timeline, decision check and key",
)
def case_read(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    _user, case = _case(request, case_id)
    return _detail(request, case)


# Acting on a case


def _note(payload: ActionIn | None) -> str:
    return payload.note if payload is not None else ""


@router.post(
    "/cases/{case_id}/steps/{code}/complete",
    response=CASE_ACTION,
    summary="Tick off a checklist step that has no action of its own",
)
def step_complete(request: HttpRequest, case_id: Id, code: Slug40) -> dict[str, Any]:
    """E.g. R4 "contact the needs assessor". Steps with an action of their own (inform the
    alarm group, message the night patrol, restore, deviation) answer 400."""
    user, case = _case(request, case_id)
    step = case.steps.filter(code=code).first()
    if step is None:
        raise HttpError(404, _("The case has no such step."))
    # A step done by its own action is the service's refusal (400), whoever asks.
    if step.code not in DONE_BY_ACTION and not may_tick(user, case, step):
        forbid(_("That step is not yours to complete."))
    carried_out(
        lambda: lifecycle.step_complete(case=case, code=code, by=user, now=timezone.now(), via=VIA)
    )
    return _detail(request, case)


@router.post(
    "/cases/{case_id}/inform-alarm-group",
    response=CASE_ACTION,
    summary="Hand the case to the alarm group (R8)",
)
def inform_alarm_group(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    user, case = _case(request, case_id)
    if not can_coordinate(user, case):
        forbid(_("Only the unit's coordinator informs the alarm group."))
    carried_out(
        lambda: lifecycle.case_inform_alarm_group(case=case, by=user, now=timezone.now(), via=VIA)
    )
    return _detail(request, case)


@router.post(
    "/cases/{case_id}/acknowledge",
    response=CASE_ACTION,
    summary="The alarm group takes the case (R8)",
)
def acknowledge(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    user, case = _case(request, case_id)
    if not is_alarm_group(user):
        forbid(_("Only the alarm group takes a case."))
    carried_out(lambda: lifecycle.case_acknowledge(case=case, by=user, now=timezone.now(), via=VIA))
    return _detail(request, case)


@router.post(
    "/cases/{case_id}/notes",
    response={201: TimelineEntryOut, **WRITE_ERRORS},
    summary="Add a note, a vendor ticket or the alarm group's troubleshooting",
)
def add_note(request: HttpRequest, case_id: Id, payload: NoteIn) -> Status[Any]:
    user, case = _case(request, case_id)
    if not may_note(user, case):
        forbid(_("Only the unit's coordinator and the alarm group add notes."))
    if payload.troubleshooting and not is_alarm_group(user):
        forbid(_("Only the alarm group records troubleshooting."))
    entry = carried_out(
        lambda: lifecycle.case_add_note(
            case=case,
            by=user,
            text=payload.text,
            vendor_ticket=payload.vendor_ticket,
            troubleshooting=payload.troubleshooting,
            now=timezone.now(),
            via=VIA,
        )
    )
    return Status(201, entry_out(entry))


@router.post(
    "/cases/{case_id}/fixed",
    response=CASE_ACTION,
    summary="The alarm group reports the fault fixed (R8); the coordinator confirms (R7)",
)
def mark_fixed(
    request: HttpRequest, case_id: Id, payload: ActionIn | None = None
) -> dict[str, Any]:
    user, case = _case(request, case_id)
    if not is_alarm_group(user):
        forbid(_("Only the alarm group reports a fault fixed."))
    carried_out(
        lambda: lifecycle.case_mark_fixed(
            case=case, by=user, note=_note(payload), now=timezone.now(), via=VIA
        )
    )
    return _detail(request, case)


@router.post(
    "/cases/{case_id}/restore",
    response=CASE_ACTION,
    summary="Record that the lock works again (R7)",
)
def restore(request: HttpRequest, case_id: Id, payload: ActionIn | None = None) -> dict[str, Any]:
    user, case = _case(request, case_id)
    if not can_coordinate(user, case):
        forbid(_("Only the unit's coordinator records that the lock works again."))
    carried_out(
        lambda: lifecycle.case_restore(
            case=case, by=user, note=_note(payload), now=timezone.now(), via=VIA
        )
    )
    return _detail(request, case)


@router.post(
    "/cases/{case_id}/close",
    response=CASE_ACTION,
    summary="Close a case that works again; the reporter is asked for a deviation (R14)",
)
def close(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    user, case = _case(request, case_id)
    if not can_coordinate(user, case):
        forbid(_("Only the unit's coordinator closes a case."))
    carried_out(lambda: lifecycle.case_close(case=case, by=user, now=timezone.now(), via=VIA))
    return _detail(request, case)


@router.post(
    "/cases/{case_id}/deviation",
    response=CASE_ACTION,
    summary="Record the deviation report's reference (R14)",
)
def deviation(request: HttpRequest, case_id: Id, payload: DeviationIn) -> dict[str, Any]:
    user, case = _case(request, case_id)
    if not can_report_deviation(user, case):
        forbid(_("The reporter or the unit's coordinator records the deviation."))
    carried_out(
        lambda: lifecycle.deviation_reported(
            case=case, by=user, reference=payload.reference, now=timezone.now(), via=VIA
        )
    )
    return _detail(request, case)


@router.post(
    "/cases/{case_id}/timeline/{entry_id}/corrections",
    response={201: TimelineEntryOut, **WRITE_ERRORS},
    summary="Correct a timeline entry with a new entry (R6)",
)
def correct(request: HttpRequest, case_id: Id, entry_id: Id, payload: CorrectionIn) -> Status[Any]:
    user, case = _case(request, case_id)
    entry = case.timeline.filter(pk=entry_id).first()
    if entry is None:
        raise HttpError(404, _("The case has no such entry."))
    if not may_correct(user, case, entry):
        forbid(_("Only the entry's author or the unit's coordinator corrects it."))
    correction = carried_out(
        lambda: lifecycle.timeline_correct(
            entry=entry, by=user, text=payload.text, now=timezone.now(), via=VIA
        )
    )
    return Status(201, entry_out(correction))
