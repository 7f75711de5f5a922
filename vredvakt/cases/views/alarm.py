"""The alarm group's queue (R8, R10): new, weekend (theirs next working day), acknowledged."""

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
    context = {"queue": cases, "now": now, "here": here}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "cases/_alarm_rows.html", context)
    return render(request, "cases/alarm_queue.html", context)
