"""R17: the alarm group records a battery change (the task also closes by itself on telemetry)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vredvakt.cases.access import is_alarm_group
from vredvakt.lib.redirects import next_url
from vredvakt.lib.requests import signed_in
from vredvakt.outages.maintenance import battery_task_close
from vredvakt.outages.models import BatteryTask
from vredvakt.outages.services import OutageError


@login_required
@require_POST
def battery_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    task = BatteryTask.objects.filter(pk=pk).first()
    if task is None or not is_alarm_group(user):
        raise Http404("No such task.")
    try:
        battery_task_close(task=task, by=user, now=timezone.now())
        messages.success(request, _("Battery change recorded."))
    except OutageError as exc:
        messages.warning(request, exc.message)
    return HttpResponseRedirect(next_url(request, reverse("locks:fleet")))
