"""The message to the night patrol: R9 by 17:00 from the desk, R10 at once from the door."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from vredvakt.accounts.models import Unit
from vredvakt.audit.services import audit_client_read
from vredvakt.cases.access import (
    can_message_night_patrol,
    get_case_for_user,
    get_night_patrol_unit_for_user,
    night_patrol_cases_for,
)
from vredvakt.cases.errors import CaseError
from vredvakt.cases.forms import NightPatrolForm
from vredvakt.cases.models import CaseStep, FaultCase, SubmissionToken
from vredvakt.cases.services.night_patrol import (
    night_patrol_draft,
    night_patrol_message_send,
    patrol_lines,
)
from vredvakt.cases.steps import StepCode
from vredvakt.cases.views.common import act, seen, token_key
from vredvakt.lib.ids import id_from
from vredvakt.lib.redirects import next_url
from vredvakt.lib.requests import signed_in
from vredvakt.lib.tokens import new_token
from vredvakt.routine_versions.in_force import routine_in_force


@login_required
@require_POST
def send_one(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap: tell the night patrol about this case now (R10 on a day off, R9 any day)."""
    user = signed_in(request)
    case = get_case_for_user(user, pk)
    if _already_told(case):  # a second tap: it is sent already
        return HttpResponseRedirect(next_url(request, reverse("cases:detail", args=[case.pk])))

    def run(now: datetime) -> object:
        return night_patrol_message_send(
            unit=case.unit, case_ids=[case.pk], text="", by=user, now=now
        )

    done = _("The night patrol has the message.")
    return act(request, case, allowed=can_message_night_patrol(user, case), run=run, done=done)


def _already_told(case: FaultCase) -> bool:
    return CaseStep.objects.filter(
        case=case, code=StepCode.MESSAGE_NIGHT_PATROL, done_at__isnull=False
    ).exists()


@login_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """R9: the draft lists every open case the night patrol has not heard of; review, send.

    Who may write it, and about which cases (R10: the staff, of weekend cases), is one rule
    with the API's (cases.access).
    """
    user = signed_in(request)
    unit = get_night_patrol_unit_for_user(user, unit_pk)
    pending = night_patrol_cases_for(user, unit)
    if request.method == "POST":
        return _send(request, unit, pending)
    cases = list(pending)
    draft = night_patrol_draft(patrol_lines(cases))
    initial = {"cases": cases, "text": draft, "draft": draft}
    form = NightPatrolForm(initial=initial, cases=pending)
    return _compose_page(request, unit, form, cases)


def _compose_page(
    request: HttpRequest,
    unit: Unit,
    form: NightPatrolForm,
    cases: list[FaultCase],
    status: int = 200,
) -> HttpResponse:
    lines = patrol_lines(cases)
    audit_client_read(user=request.user, clients=[c.client for c in cases], via="web")
    if form.is_bound:
        checked = {id_from(raw) for raw in request.POST.getlist("cases")} - {None}
    else:
        checked = {c.pk for c in cases}
    context = {"unit": unit, "form": form, "lines": lines, "checked": checked, "token": new_token()}
    # R9 (#12): the deadline the page names is the routine version's, not a fixed 17:00.
    params = routine_in_force(timezone.now())[1]
    context["night_patrol_deadline"] = params.night_patrol_deadline
    return render(request, "cases/night_patrol.html", context, status=status)


def _send(request: HttpRequest, unit: Unit, pending: QuerySet[FaultCase]) -> HttpResponse:
    user = signed_in(request)
    desk = reverse("cases:desk")
    key = token_key(request)
    if seen(key):  # a double tap: the first one sent it
        return HttpResponseRedirect(desk)
    form = NightPatrolForm(request.POST, cases=pending)
    if not form.is_valid():
        return _compose_page(request, unit, form, list(pending), status=400)
    chosen = list(form.cleaned_data["cases"])
    now = timezone.now()
    try:
        with transaction.atomic():
            message = night_patrol_message_send(
                unit=unit,
                case_ids=[c.pk for c in chosen],
                text=form.text_to_send(),
                by=user,
                now=now,
            )
            if key:
                SubmissionToken.objects.create(token=key, case=chosen[0], created_at=now)
    except CaseError as err:
        form.add_error(None, err.message)
        return _compose_page(request, unit, form, list(pending), status=err.status)
    count = message.cases.count()
    text = ngettext(
        "Sent to the night patrol at %(time)s: %(count)d case.",
        "Sent to the night patrol at %(time)s: %(count)d cases.",
        count,
    ) % {"time": timezone.localtime(now).strftime("%H:%M"), "count": count}
    messages.success(request, text)
    return HttpResponseRedirect(desk)
