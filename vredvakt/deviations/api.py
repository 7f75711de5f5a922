"""Deviation reports over HTTP (R14, R15): the same services and access checks as the pages.

A report outside the caller's scope answers 404; one the caller sees but may
not act on, 403; a state that forbids the step, 409; incomplete input, 422
naming the field. Reports hold client data: every answer is logged as a read.
"""

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from vredvakt.accounts.apitools import (
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    ClientReadPagination,
    Id,
    carried_out,
    forbid,
    user_of,
)
from vredvakt.deviations.access import (
    get_report_for_user,
    may_follow_up,
    may_write,
    owned_by,
    to_follow_up,
)
from vredvakt.deviations.models import DeviationReport, ReportState
from vredvakt.deviations.schemas import (
    FollowUpIn,
    ReportDetailOut,
    ReportIn,
    ReportOut,
    SubmitIn,
)
from vredvakt.deviations.services import (
    Account,
    report_follow_up,
    report_save,
    report_submit,
)
from vredvakt.deviations.views import export_response, log_read

router = Router(tags=["deviations"])

REPORT_ACTION = {200: ReportDetailOut, **WRITE_ERRORS}


def _clients(reports: list[DeviationReport]) -> list[Any]:
    return [r.case.client for r in reports if r.case is not None]


@router.get(
    "/deviations",
    response={200: list[ReportOut], **READ_ERRORS},
    summary="Deviation reports: mine to write, or those I follow up",
)
@paginate(ClientReadPagination, clients_of=_clients)
def report_list(
    request: HttpRequest,
    scope: Literal["mine", "follow_up"] = "mine",
    state: ReportState | None = None,
) -> Any:
    user = user_of(request)
    reports = owned_by(user) if scope == "mine" else to_follow_up(user)
    if state:
        reports = reports.filter(state=state)
    return reports.select_related("case__client", "unit", "owner").order_by("-created_at", "-pk")


def _report(request: HttpRequest, report_id: int) -> DeviationReport:
    return get_report_for_user(user_of(request), report_id)


def _detail(request: HttpRequest, report: DeviationReport) -> DeviationReport:
    report = get_report_for_user(user_of(request), report.pk)  # re-read, as it is now
    log_read(user_of(request), report, VIA)
    return report


@router.get(
    "/deviations/{report_id}",
    response={200: ReportDetailOut, **READ_ERRORS},
    summary="One deviation report with its facts",
)
def report_read(request: HttpRequest, report_id: Id) -> DeviationReport:
    return _detail(request, _report(request, report_id))


def _written(payload: ReportIn) -> Account:
    return Account(
        account=payload.account,
        assessment=payload.assessment,
        serious=payload.serious,
        serious_note=payload.serious_note,
    )


@router.post(
    "/deviations/{report_id}/draft",
    response=REPORT_ACTION,
    summary="Save the owner's draft (R14)",
)
def report_update(request: HttpRequest, report_id: Id, payload: ReportIn) -> DeviationReport:
    user, report = user_of(request), _report(request, report_id)
    if not may_write(user, report):
        forbid(_("Only the report's owner writes it."))
    carried_out(
        lambda: report_save(
            report=report, by=user, written=_written(payload), now=timezone.now(), via=VIA
        )
    )
    return _detail(request, report)


@router.post(
    "/deviations/{report_id}/submit",
    response=REPORT_ACTION,
    summary="Submit the report with the deviation system's reference (R14)",
)
def report_submit_api(request: HttpRequest, report_id: Id, payload: SubmitIn) -> DeviationReport:
    user, report = user_of(request), _report(request, report_id)
    if not may_write(user, report):
        forbid(_("Only the report's owner writes it."))
    carried_out(
        lambda: report_submit(
            report=report,
            by=user,
            written=_written(payload),
            reference=payload.reference,
            now=timezone.now(),
            via=VIA,
        )
    )
    return _detail(request, report)


@router.post(
    "/deviations/{report_id}/follow-up",
    response=REPORT_ACTION,
    summary="Follow the report up and close it (unit manager; outage: operations manager)",
)
def report_follow_up_api(
    request: HttpRequest, report_id: Id, payload: FollowUpIn
) -> DeviationReport:
    user, report = user_of(request), _report(request, report_id)
    if not may_follow_up(user, report):
        forbid(_("Only the unit manager follows up a deviation report."))
    carried_out(
        lambda: report_follow_up(
            report=report,
            by=user,
            analysis=payload.analysis,
            actions=payload.actions,
            now=timezone.now(),
            via=VIA,
        )
    )
    return _detail(request, report)


@router.get(
    "/deviations/{report_id}/export/{fmt}",
    response={200: None, **READ_ERRORS},
    summary="The report as PDF, JSON or CSV, for the municipality's deviation system",
)
def report_export(
    request: HttpRequest, report_id: Id, fmt: Literal["pdf", "json", "csv"]
) -> HttpResponse:
    report = _report(request, report_id)
    log_read(user_of(request), report, VIA)
    return export_response(report, fmt)
