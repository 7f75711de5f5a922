"""The coordinator's desk (R4, R7, R8, R9); the case list refreshes itself every 30 s.

Below the night patrol: the cases that work again, to close many at once (R7).
"""

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vredvakt.audit.services import audit_client_read
from vredvakt.cases.models import FaultCase
from vredvakt.cases.pages.desk import desk_rows, desk_scope, desk_units, patrol_summaries
from vredvakt.cases.pages.outage_blocks import outage_banners
from vredvakt.cases.services.closing import cases_close_many, restored_to_close
from vredvakt.lib.ids import id_from
from vredvakt.lib.requests import signed_in
from vredvakt.routine_versions.in_force import version_in_force


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    cases = _desk_cases(user)
    context = _cases_context(request, user, cases, timezone.now())
    if request.htmx:  # type: ignore[attr-defined]
        audit_client_read(user=user, clients=_clients_of(context), via="web")
        return render(request, "cases/_desk_cases.html", context)
    return _desk_page(request, user, cases, context)


def _desk_cases(user: AbstractBaseUser) -> QuerySet[FaultCase]:
    cases = desk_scope(user)
    if cases is None:
        raise PermissionDenied("The desk is for coordinators.")
    return cases


def _cases_context(
    request: HttpRequest, user: AbstractBaseUser, cases: QuerySet[FaultCase], now: datetime
) -> dict[str, Any]:
    """A page of the desk's cases, most urgent first (its callers log the clients' reads)."""
    shown = desk_rows(user, cases, now, page=request.GET.get("page"))
    # The refresh every 30 s and the buttons' way back stay on the page the user is on.
    number = shown.page.number
    here = reverse("cases:desk") + (f"?page={number}" if number > 1 else "")
    return {"desk": shown, "now": now, "here": here}


def _desk_page(
    request: HttpRequest,
    user: AbstractBaseUser,
    cases: QuerySet[FaultCase],
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    now = context["now"]
    units = desk_units(user, cases)
    to_close = restored_to_close(user, cases)
    # The cases' clients and those of the cases to close: one audit write, not two (#16).
    shown = _clients_of(context) + [case.client for case in to_close]
    audit_client_read(user=user, clients=shown, via="web")
    blocks = {group.outage_id for group in context["desk"].groups}
    context |= {
        "outage_banners": outage_banners(user, without=blocks),  # #13, R11
        "units": units,
        "patrol": patrol_summaries(units, now),
        "routine_version": version_in_force(timezone.localdate(now)),
        "to_close": to_close,
    }
    return render(request, "cases/desk.html", context, status=status)


def _clients_of(context: dict[str, Any]) -> list[Model]:
    return [row.case.client for row in context["desk"].rows]


@login_required
@require_POST
def close_restored(request: HttpRequest) -> HttpResponse:
    """Close the chosen cases that work again (R7), each as its own page would (R5, R14)."""
    user = signed_in(request)
    cases = _desk_cases(user)
    chosen = [id_from(value) for value in request.POST.getlist("case")]
    if not chosen or None in chosen:
        context = _cases_context(request, user, cases, timezone.now())
        context["close_error"] = _("Choose the cases to close.")
        return _desk_page(request, user, cases, context, status=400)
    wanted = set(chosen)
    closable = [case for case in restored_to_close(user, cases) if case.pk in wanted]
    result = cases_close_many(cases=closable, by=user, now=timezone.now())
    if result.closed:
        count = len(result.closed)
        messages.success(
            request,
            ngettext(
                "%(count)d case closed. Each reporter is asked for the deviation report.",
                "%(count)d cases closed. Each reporter is asked for the deviation report.",
                count,
            )
            % {"count": count},
        )
    for refusal in result.refused:
        messages.warning(request, f"{refusal.case.client}: {refusal.reason}")
    if not result.closed and not result.refused:
        # A second tap, or someone else was quicker: nothing chosen is left to close.
        messages.info(request, _("The chosen cases are already closed."))
    return redirect("cases:desk")
