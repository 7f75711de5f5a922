"""Reporting at the door (R3, R6) and what to do next (R1, R2, R4, R10), phone first."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vredvakt.accounts.ratelimit import signed_in_key, web_rate_limited
from vredvakt.audit.services import audit_client_read
from vredvakt.cases.access import (
    can_message_night_patrol,
    clients_reportable_by,
    get_case_for_user,
    is_staff_on_site,
    reporting_unit_ids,
)
from vredvakt.cases.forms import ReportForm
from vredvakt.cases.models import CaseKind, CaseSource
from vredvakt.cases.pages import case_page
from vredvakt.cases.pages.report_clients import client_choices
from vredvakt.cases.pages.told import coordinator_told
from vredvakt.cases.services.opening import case_open
from vredvakt.cases.steps import STAFF_ON_SITE_MODES, StepCode
from vredvakt.cases.views.common import seen, token_key
from vredvakt.clients.models import Client
from vredvakt.lib.humane import clock
from vredvakt.lib.ids import id_from
from vredvakt.lib.requests import signed_in
from vredvakt.lib.tokens import new_token


@login_required
@require_http_methods(["GET", "POST"])
@web_rate_limited("report", signed_in_key)  # #14: a runaway client cannot flood the desk
def report(request: HttpRequest) -> HttpResponse:
    """Screen 2 of 3: which client, what does not work, send."""
    user = signed_in(request)
    if reporting_unit_ids(user) == set():
        raise PermissionDenied("You report for no unit.")
    clients = clients_reportable_by(user)
    if request.method == "POST":
        return _report_post(request, clients)
    chosen = _preselected(request, clients)
    initial = {"kind": CaseKind.LOCK, "token": new_token(), "client": chosen}
    return _report_page(request, ReportForm(initial=initial, clients=clients), clients, chosen)


def _preselected(request: HttpRequest, clients: QuerySet[Client]) -> Client | None:
    """`?client=` from a client's page; another unit's client is "not found" (404)."""
    raw = request.GET.get("client", "")
    if not raw:
        return None
    pk = id_from(raw)
    client = clients.filter(pk=pk).first() if pk is not None else None
    if client is None:
        raise Http404("No such client.")
    return client


def _report_page(
    request: HttpRequest,
    form: ReportForm,
    clients: QuerySet[Client],
    chosen: Client | None,
    status: int = 200,
) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    choices = client_choices(signed_in(request), clients, query, chosen, now=timezone.now())
    audit_client_read(user=request.user, clients=list[Model](choices.all_shown), via="web")
    selected = form["client"].value()
    context = {
        "form": form,
        "query": query,
        "choices": choices,
        "selected": str(selected) if selected else "",
    }
    if request.htmx and request.method == "GET":  # type: ignore[attr-defined]
        return render(request, "cases/_client_options.html", context)
    return render(request, "cases/report.html", context, status=status)


def _report_post(request: HttpRequest, clients: QuerySet[Client]) -> HttpResponse:
    user = signed_in(request)
    form = ReportForm(request.POST, clients=clients)
    if not form.is_valid():
        chosen = clients.filter(pk=form.data.get("client") or 0).first() if _digits(form) else None
        return _report_page(request, form, clients, chosen, status=400)
    key = token_key(request)
    replay = seen(key)  # a double tap: show the same page as the first tap did
    client = form.cleaned_data["client"]
    opening = case_open(
        client=client,
        kind=form.cleaned_data["kind"],
        source=_source(user, client),
        reported_by=user,
        now=timezone.now(),
        note=form.cleaned_data["note"].strip(),
        token=key,
    )
    url = reverse("cases:reported", args=[opening.case.pk])
    return HttpResponseRedirect(url + "?joined=1" if opening.joined and not replay else url)


def _digits(form: ReportForm) -> bool:
    return id_from(str(form.data.get("client", ""))) is not None


def _source(user: AbstractBaseUser, client: Client) -> str:
    if is_staff_on_site(user, client):
        return CaseSource.CARE_WORKER
    return CaseSource.COORDINATOR


@login_required
def reported(request: HttpRequest, pk: int) -> HttpResponse:
    """Screen 3 of 3: the coordinator is told; which key, where; out of hours, the night patrol."""
    user = signed_in(request)
    case = get_case_for_user(user, pk)
    now = timezone.now()
    steps = {s.code: s for s in case.steps.all()}
    audit_client_read(user=user, clients=[case.client], via="web")
    told = coordinator_told(case)
    context = {
        "case": case,
        "now": now,
        "joined": request.GET.get("joined") == "1",
        "told": told,
        "told_at": clock(told.at) if told else "",
        "read_at": clock(told.read_at) if told and told.read_at else "",
        "expired_on": case_page.expired_on(case) if case.access_revoked else None,
        **case_page.key_context(case, now),
        # R10, R10b (#12): nobody coordinates now, so the staff on site tell the patrol.
        "tell_patrol_now": case.mode in STAFF_ON_SITE_MODES,
        "patrol_step": steps.get(StepCode.MESSAGE_NIGHT_PATROL),
        "alarm_step": steps.get(StepCode.INFORM_ALARM_GROUP),
        "may_message_patrol": can_message_night_patrol(user, case),
    }
    return render(request, "cases/reported.html", context)
