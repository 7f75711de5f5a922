"""The API token page: everyone signed in sees, makes and revokes their own tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vredvakt.accounts.forms import ApiTokenForm
from vredvakt.accounts.models import ApiToken
from vredvakt.accounts.services import api_token_create, api_token_revoke

VIA = "web"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _page(
    request: HttpRequest,
    form: ApiTokenForm | None = None,
    new_token: str = "",
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    tokens = ApiToken.objects.filter(user=user).prefetch_related("units")
    context = {
        "tokens": tokens.order_by("revoked_at", "-created_at"),
        "form": form or ApiTokenForm(user=user),
        "new_token": new_token,
        "now": timezone.now(),
    }
    response = render(request, "accounts/tokens.html", context, status=status)
    # The page may carry a token shown once: no copy of it in any cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ApiTokenForm(request.POST, user=user)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _token, secret = api_token_create(
            actor=user,
            user=user,
            name=form.cleaned_data["name"].strip(),
            scope=form.cleaned_data["scope"],
            units=list(form.cleaned_data["units"]),
            days=form.cleaned_data["days"],
            via=VIA,
            now=timezone.now(),
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _page(request, form, status=400)
    return _page(request, new_token=secret, status=201)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    # Only one's own tokens; someone else's is "not found", as one that does not exist.
    api_token = ApiToken.objects.filter(pk=pk, user=user).first()
    if api_token is None:
        raise Http404
    try:
        api_token_revoke(actor=user, api_token=api_token, via=VIA, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The token %(name)s is revoked.") % {"name": api_token.name})
    return redirect("accounts:tokens")
