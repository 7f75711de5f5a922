"""Throttling of failed sign-ins (django-axes, counted in the database).

After AXES_FAILURE_LIMIT wrong passwords for one username from one address,
that pair is locked out for LOGIN_LOCKOUT_MINUTES, the right password included;
another failure during the lockout starts it again.
"""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class ThrottledSignInBackend(AxesStandaloneBackend):
    """Refuses a locked-out username and address before any password is checked.

    A sign-in without a request (the test client's login(), a shell) has no
    address to count and is not throttled; every sign-in over HTTP has one.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_message() -> str:
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    return _(
        "Too many failed sign-ins with this username. Wait %(minutes)s minutes and try "
        "again, or ask your unit manager or the administrator for help."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The sign-in page again, saying why, with 429 Too Many Requests."""
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
