"""Deviation report pages (R14, R15): mine, the report, the follow-up, the exports."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vredvakt.audit.services import audit_client_read, audit_record
from vredvakt.deviations import pages
from vredvakt.deviations.access import (
    get_report_for_user,
    may_follow_up,
    may_write,
    owned_by,
    require,
    to_follow_up,
    visible_to,
)
from vredvakt.deviations.export.data import report_csv, report_data
from vredvakt.deviations.export.pdf import report_pdf
from vredvakt.deviations.forms import FollowUpForm, ReportForm
from vredvakt.deviations.models import DeviationReport, ReportState
from vredvakt.deviations.services import (
    DeviationError,
    report_follow_up,
    report_save,
    report_submit,
)
from vredvakt.deviations.texts import owner_label
from vredvakt.lib.requests import signed_in


def log_read(user: User, report: DeviationReport, via: str) -> None:
    """Reports hold client data: every read is logged (the client, and the report)."""
    if report.case is not None:
        audit_client_read(user=user, clients=[report.case.client], via=via)
    audit_record(actor=user, action="deviation.read", obj=report, via=via, now=timezone.now())


def log_list_read(user: User, rows: list[pages.Row]) -> None:
    """A list of reports names each case's client in its title: a read of each, logged."""
    clients = {r.report.case.client_id: r.report.case.client for r in rows if r.report.case}
    audit_client_read(user=user, clients=list(clients.values()), via="web")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    rows = pages.rows(owned_by(user))
    log_list_read(user, rows)
    context = {"rows": rows, "follows_up": to_follow_up(user).exists()}
    return render(request, "deviations/mine.html", context)


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    reports = to_follow_up(user)
    if not reports.exists() and not visible_to(user).exists():
        raise Http404("No such page.")
    waiting = pages.rows(reports.exclude(state=ReportState.FOLLOWED_UP))
    done = pages.rows(reports.filter(state=ReportState.FOLLOWED_UP))
    log_list_read(user, waiting + done)
    context = {"rows": waiting, "done": done}
    return render(request, "deviations/follow_up_list.html", context)


def _page(
    request: HttpRequest,
    report: DeviationReport,
    *,
    form: ReportForm | None = None,
    follow_up_form: FollowUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in(request)
    writable = report.is_draft and may_write(user, report)
    initial = {
        "account": report.account,
        "assessment": report.assessment,
        "serious": report.serious,
        "serious_note": report.serious_note,
        "reference": report.reference,
    }
    context: dict[str, Any] = {
        "report": report,
        "facts": pages.facts_view(report),
        "owner": owner_label(report),
        "form": form or (ReportForm(initial=initial) if writable else None),
        "follow_up_form": follow_up_form
        or (FollowUpForm() if report.is_submitted and may_follow_up(user, report) else None),
    }
    return render(request, "deviations/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    report = get_report_for_user(user, pk)
    log_read(user, report, "web")
    return _page(request, report)


@login_required
def for_case(request: HttpRequest, case_id: int) -> HttpResponse:
    report = visible_to(signed_in(request)).filter(case_id=case_id).first()
    if report is None:
        raise Http404("No deviation report for this case.")
    return redirect("deviations:detail", report.pk)


@login_required
def for_outage(request: HttpRequest, outage_id: int) -> HttpResponse:
    report = visible_to(signed_in(request)).filter(outage_id=outage_id).first()
    if report is None:
        raise Http404("No deviation report for this outage.")
    return redirect("deviations:detail", report.pk)


@login_required
@require_POST
def save(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner saves the draft, or submits it with the deviation system's reference."""
    user = signed_in(request)
    report = get_report_for_user(user, pk)
    require(may_write(user, report))
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _page(request, report, form=form, status=422)
    submitting = request.POST.get("action") == "submit"
    reference = form.cleaned_data["reference"]
    now = timezone.now()
    try:
        if submitting:
            report_submit(
                report=report, by=user, written=form.written(), reference=reference, now=now
            )
        else:
            report_save(report=report, by=user, written=form.written(), now=now)
    except DeviationError as refused:
        report.refresh_from_db()
        if submitting and report.is_submitted and report.reference == reference.strip():
            return redirect("deviations:detail", report.pk)  # a double tap: already done
        form.add_error(refused.field or None, refused.message)
        return _page(request, report, form=form, status=refused.status)
    if submitting:
        messages.success(
            request, _("Thank you. The report is submitted; the unit manager follows it up.")
        )
    else:
        messages.success(request, _("The draft is saved."))
    return redirect("deviations:detail", report.pk)


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    report = get_report_for_user(user, pk)
    require(may_follow_up(user, report))
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _page(request, report, follow_up_form=form, status=422)
    try:
        report_follow_up(
            report=report,
            by=user,
            analysis=form.cleaned_data["analysis"],
            actions=form.cleaned_data["actions"],
            now=timezone.now(),
        )
    except DeviationError as refused:
        form.add_error(refused.field or None, refused.message)
        report.refresh_from_db()
        return _page(request, report, follow_up_form=form, status=refused.status)
    messages.success(request, _("The follow-up is recorded and the report is closed."))
    return redirect("deviations:detail", report.pk)


EXPORTS = {
    "pdf": ("application/pdf", report_pdf),
    "json": (
        "application/json",
        lambda r: json.dumps(report_data(r), ensure_ascii=False, indent=2).encode(),
    ),
    "csv": ("text/csv; charset=utf-8", lambda r: report_csv(r).encode()),
}


def export_response(report: DeviationReport, fmt: str) -> HttpResponse:
    content_type, make = EXPORTS[fmt]
    response = HttpResponse(make(report), content_type=content_type)
    name = f"avvikelse-{report.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404("No such format.")
    user = signed_in(request)
    report = get_report_for_user(user, pk)
    log_read(user, report, "web")
    return export_response(report, fmt)
