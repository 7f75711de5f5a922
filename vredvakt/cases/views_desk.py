"""The coordinator's desk (R4, R7, R8, R9); the case list refreshes itself every 30 s."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vredvakt.audit.services import audit_client_read
from vredvakt.cases.desk import desk_rows, desk_scope, desk_units, patrol_summaries
from vredvakt.cases.views_common import signed_in
from vredvakt.routine_versions.models import RoutineVersion


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    cases = desk_scope(user)
    if cases is None:
        raise PermissionDenied("The desk is for coordinators.")
    now = timezone.now()
    rows = desk_rows(user, cases, now)
    audit_client_read(user=user, clients=[row.case.client for row in rows], via="web")
    context = {"rows": rows, "now": now}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "cases/_desk_cases.html", context)
    units = desk_units(user, cases)
    context |= {
        "units": units,
        "patrol": patrol_summaries(units, now),
        "routine_version": RoutineVersion.objects.in_force(timezone.localdate(now)),
    }
    return render(request, "cases/desk.html", context)
