from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vredvakt.audit.services import audit_client_read
from vredvakt.front.home import home_context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = home_context(request.user, timezone.localdate())
    # The assessor's panel names clients: personal data, so the read is logged.
    shown = [decision.client for decision, _status in context["expiring"]]
    if shown:
        audit_client_read(user=request.user, clients=shown, via="web")
    return render(request, "front/home.html", context)
