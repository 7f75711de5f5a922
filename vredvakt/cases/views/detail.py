"""The case page: the checklist with its actions on top, the timeline below (R6, R16)."""

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vredvakt.audit.services import audit_client_read
from vredvakt.cases.access import can_coordinate, can_report_deviation, get_case_for_user
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.pages import case_page
from vredvakt.cases.services.timeline import EntryKind
from vredvakt.cases.steps import StepCode
from vredvakt.lib.humane import human_time


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    return detail_response(request, case)


def detail_response(
    request: HttpRequest, case: FaultCase, *, error: str = "", status: int = 200
) -> HttpResponse:
    """The case page; with `error`, the reason an action was refused (and nothing changed)."""
    audit_client_read(user=request.user, clients=[case.client], via="web")
    context = detail_context(request, case, timezone.now())
    context["error"] = error
    return render(request, "cases/detail.html", context, status=status)


def detail_context(request: HttpRequest, case: FaultCase, now: datetime) -> dict[str, Any]:
    user = request.user
    steps = list(case.steps.select_related("done_by").order_by("position"))
    fixed = case.timeline.filter(kind=EntryKind.FIXED).order_by("at").last()
    deviation = next((s for s in steps if s.code == StepCode.REPORT_DEVIATION), None)
    return {
        "case": case,
        "now": now,
        "status": case_page.case_status(case),
        "opened": human_time(case.opened_at, now),
        "opened_by": case_page.person(case.opened_by),
        "restored": human_time(case.restored_at, now) if case.restored_at else "",
        "restored_by": case_page.person(case.restored_by) if case.restored_at else "",
        "proposed": human_time(case.restore_proposed_at, now) if case.restore_proposed_at else "",
        "flags": case_page.decision_flags(case, steps),
        "expired_on": case_page.expired_on(case) if case.access_revoked else None,
        "alarm": case_page.alarm_status(case, steps, fixed.at if fixed else None, now),
        "checklist": case_page.checklist(case, steps, user, now),
        "timeline": case_page.timeline(case, user, now),
        **case_page.key_context(case, now),
        "may_close": case.status == CaseStatus.RESTORED and can_coordinate(user, case),
        "may_compose": can_coordinate(user, case),
        # R14: after closing, the reporter is asked for the deviation report first.
        "deviation_prompt": (
            case.status == CaseStatus.CLOSED
            and deviation is not None
            and not deviation.is_done
            and can_report_deviation(user, case)
        ),
    }
