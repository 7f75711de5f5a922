"""The night patrol's list of tonight's broken locks, with night keys, printable (R2, R10b)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vredvakt.audit.services import audit_client_read
from vredvakt.cases.access import may_see_tonight
from vredvakt.cases.pages.tonight import tonight_areas
from vredvakt.lib.requests import signed_in


@login_required
def tonight(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not may_see_tonight(user):
        raise PermissionDenied("Tonight's list is the night patrol's.")
    now = timezone.now()
    areas = tonight_areas(user, now)
    # Names and addresses: personal data, so the read is logged like other client lists.
    shown: list[Model] = [row.client for area in areas for row in area.rows]
    audit_client_read(user=user, clients=shown, via="web")
    context = {"areas": areas, "count": len(shown), "now": now}
    return render(request, "cases/tonight.html", context)
