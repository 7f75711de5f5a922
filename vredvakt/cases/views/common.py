"""What every case action shares: who may, the idempotency token, refusals with a reason."""

from collections.abc import Callable
from datetime import datetime

from django import forms
from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vredvakt.cases.errors import CaseError
from vredvakt.cases.models import FaultCase, SubmissionToken
from vredvakt.cases.views.detail import detail_response
from vredvakt.lib.conflicts import in_one_transaction_retried
from vredvakt.lib.redirects import next_url
from vredvakt.lib.requests import signed_in
from vredvakt.lib.tokens import is_form_token, submission_key


def token_key(request: HttpRequest) -> str:
    """The form's token, scoped to the user so no one can join another's submit."""
    token = request.POST.get("token", "")
    if is_form_token(token):
        return submission_key(via="web", user_id=signed_in(request).pk, token=token)
    return ""


def seen(key: str) -> bool:
    return bool(key) and SubmissionToken.objects.filter(token=key).exists()


def first_error(form: forms.Form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Check what you entered.")


def act(
    request: HttpRequest,
    case: FaultCase,
    *,
    allowed: bool,
    run: Callable[[datetime], object],
    done: str,
    form: forms.Form | None = None,
) -> HttpResponse:
    """Run one action on a case: 403 when not allowed, 400 for bad input, the service's
    CaseError status when the case's state forbids it; nothing changes in any of those.

    A repeated submit (same token: a double tap, a retry) does nothing a second time.
    """
    success = next_url(request, reverse("cases:detail", args=[case.pk]))
    if not allowed:
        return detail_response(
            request, case, error=_("You may not do that on this case."), status=403
        )
    if form is not None and not form.is_valid():
        return detail_response(request, case, error=first_error(form), status=400)
    key = token_key(request)
    if seen(key):
        return HttpResponseRedirect(success)
    now = timezone.now()

    def change() -> None:
        run(now)
        if key:
            SubmissionToken.objects.create(token=key, case=case, created_at=now)

    try:
        # On an outage day an action may meet the outage's own changes to the case (#16).
        in_one_transaction_retried(change)
    except CaseError as err:
        if seen(key):  # the first submit won the race and did it
            return HttpResponseRedirect(success)
        case.refresh_from_db()
        return detail_response(request, case, error=err.message, status=err.status)
    except IntegrityError:
        if seen(key):
            return HttpResponseRedirect(success)
        raise
    messages.success(request, done)
    return HttpResponseRedirect(success)
