"""The alarm group's queue (R8, R10, R10b): new, next working day, acknowledged."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from vredvakt.audit.services import audit_client_read
from vredvakt.cases.access import is_alarm_group
from vredvakt.cases.pages.alarm_queue import alarm_queue
from vredvakt.lib.requests import signed_in
from vredvakt.routine_versions.in_force import routine_in_force


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not is_alarm_group(user):
        raise PermissionDenied("The queue is the alarm group's.")
    now = timezone.now()
    cases = alarm_queue(user, now, pages=request.GET)
    # The queue shows addresses: a read of the clients' data, for the rows on the pages shown.
    audit_client_read(user=user, clients=[row.case.client for row in cases.rows], via="web")
    # The refresh and the buttons' way back keep the pages the user is on.
    here = reverse("cases:alarm_queue") + cases.query
    # #12: the note's time is the alarm group's start in the routine version in force.
    starts = routine_in_force(now)[1].working_day_starts
    context = {"queue": cases, "now": now, "here": here, "alarm_group_starts": starts}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "cases/_alarm_rows.html", context)
    return render(request, "cases/alarm_queue.html", context)
