"""Single sign-on through the municipality's OpenID Connect provider (mozilla-django-oidc).

Off unless OIDC_RP_CLIENT_ID is set. The provider says who someone is; Vredvakt
says what they may do: a sign-in is matched to an existing active user by the
OIDC_MATCH_CLAIM claim (email or username) and never creates one, since roles
and units are memberships kept here. A role that needs a second factor still
gives its TOTP code after the provider (vredvakt/accounts/second_factor.py).
"""

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from vredvakt.accounts.second_factor import (
    device_confirmed,
    pending_start,
    second_factor_required,
)

log = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


class ExistingUsersOnly(OIDCAuthenticationBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # A provider that refuses the code, is down or signs badly means "not signed
        # in" (the sign-in page says so), not a server error.
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, jwt.InvalidTokenError, SuspiciousOperation) as error:
            log.warning("Single sign-on failed: %s", error)
            return None

    def _claim(self, claims: dict[str, Any]) -> str:
        return str(claims.get(settings.OIDC_MATCH_CLAIM) or "").strip()

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(self._claim(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        value = self._claim(claims)
        if not value:
            return User.objects.none()
        match = "email__iexact" if settings.OIDC_MATCH_CLAIM == "email" else "username"
        return User.objects.filter(is_active=True, **{match: value})

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return f"{settings.OIDC_MATCH_CLAIM} {self._claim(claims)}"

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user  # names and email are kept in Vredvakt, not overwritten at each sign-in


class SignInStart(OIDCAuthenticationRequestView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SignInCallback(OIDCAuthenticationCallbackView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Single sign-on did not find an account in Vredvakt for you. Ask your unit "
                "manager or the administrator to add you, or sign in with your password."
            ),
        )
        return HttpResponseRedirect(reverse("login"))

    def login_success(self) -> HttpResponse:
        if not second_factor_required(self.user):
            return super().login_success()
        pending_start(self.request, self.user, self.success_url, timezone.now())
        step = "second_factor" if device_confirmed(self.user) else "second_factor_setup"
        return HttpResponseRedirect(reverse(f"accounts:{step}"))
