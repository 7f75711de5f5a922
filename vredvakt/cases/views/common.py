"""What every case action shares: who may, the idempotency token, refusals with a reason."""

from collections.abc import Callable
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from vredvakt.cases.errors import CaseError
from vredvakt.cases.models import FaultCase, SubmissionToken
from vredvakt.cases.views.detail import detail_response


def signed_in(request: HttpRequest) -> AbstractBaseUser:
    """The user of a view behind login_required."""
    user = request.user
    assert isinstance(user, AbstractBaseUser), "use login_required"
    return user


def next_url(request: HttpRequest, default: str) -> str:
    """Back to the page the button was on (the desk, the queue), if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def token_key(request: HttpRequest) -> str:
    """The form's token, scoped to the user so no one can join another's submit."""
    token = request.POST.get("token", "")
    if len(token) == 32 and all(c in "0123456789abcdef" for c in token):
        return f"web:{request.user.pk}:{token}"
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
    try:
        with transaction.atomic():
            run(now)
            if key:
                SubmissionToken.objects.create(token=key, case=case, created_at=now)
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
