"""The sign-in pages: password, then the second factor where one is required."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from vredvakt.accounts import oidc
from vredvakt.accounts.second_factor import (
    Pending,
    device_confirmed,
    device_for_setup,
    pending_end,
    pending_get,
    pending_start,
    qr_data_uri,
    second_factor_required,
    secret_text,
)
from vredvakt.audit.services import audit_record
from vredvakt.lib.client_address import client_ip, client_user_agent


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError(_("The code is the six digits the app shows."))
        return code


class SignInView(LoginView):
    """Django's sign-in; a person who needs a second factor is not signed in yet."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not second_factor_required(user):
            return super().form_valid(form)
        pending_start(self.request, user, self.get_success_url(), timezone.now())
        step = "second_factor" if device_confirmed(user) else "second_factor_setup"
        return HttpResponseRedirect(reverse(f"accounts:{step}"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"oidc_enabled": oidc.enabled()}


def _start_over(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("The sign-in took too long. Sign in again."))
    return redirect("login")


def _finish(request: HttpRequest, pending: Pending, device: TOTPDevice) -> HttpResponse:
    pending_end(request)
    request.second_factor = "totp"  # type: ignore[attr-defined]  # read by signin_audit
    login(request, pending.user, backend=pending.backend)
    otp_login(request, device)
    return HttpResponseRedirect(pending.next_url)


def _code_accepted(
    request: HttpRequest, pending: Pending, form: CodeForm, device: TOTPDevice
) -> bool:
    """The code is right; else the form says why. django-otp doubles the wait after each miss."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        form.add_error("code", _("Too many wrong codes. Wait a minute and try again."))
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    audit_record(
        actor=None,
        action="auth.second_factor_failed",
        obj=pending.user,
        via="web",
        detail={"ip": client_ip(request), "user_agent": client_user_agent(request)},
    )
    form.add_error("code", _("That code is not right. Try the code the app shows now."))
    return False


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    pending = pending_get(request, timezone.now())
    if pending is None:
        return _start_over(request)
    device = device_confirmed(pending.user)
    if device is None:
        return redirect("accounts:second_factor_setup")
    form = CodeForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _code_accepted(request, pending, form, device)
    ):
        return _finish(request, pending, device)
    return render(request, "accounts/second_factor.html", {"form": form})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    pending = pending_get(request, timezone.now())
    if pending is None:
        return _start_over(request)
    if device_confirmed(pending.user) is not None:
        # A new app replaces the old one only through the administrator.
        return redirect("accounts:second_factor")
    device = device_for_setup(pending.user)
    form = CodeForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _code_accepted(request, pending, form, device)
    ):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=pending.user, action="auth.second_factor_enrolled", obj=device, via="web"
        )
        return _finish(request, pending, device)
    context = {"form": form, "qr": qr_data_uri(device), "secret": secret_text(device)}
    return render(request, "accounts/second_factor_setup.html", context)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site signs in through the same pages, second factor included."""
    query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
    return HttpResponseRedirect(f"{reverse('login')}?{query}")
