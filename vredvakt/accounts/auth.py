"""How API callers sign in: a bearer token, or the browser's Django session."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from vredvakt.accounts.access import limit_to_units
from vredvakt.accounts.models import TokenScope
from vredvakt.accounts.services import api_token_find

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = api_token_find(token=token, now=timezone.now())
        if api_token is None:
            return None  # unknown, expired or revoked: 401
        if api_token.scope == TokenScope.READ and request.method not in READ_METHODS:
            # Authenticated but not allowed: 403, so the caller knows a new token is needed.
            raise HttpError(403, _("This API token may only read; a write needs a write token."))
        user = api_token.user
        unit_ids = {unit.pk for unit in api_token.units.all()}
        if unit_ids:
            limit_to_units(user, unit_ids)
        # Code that reads request.user (audit, access helpers) sees the token's owner.
        request.user = user
        # The rate limits count per token (apitools.rate_check).
        request._vredvakt_api_token_id = api_token.pk  # type: ignore[attr-defined]
        return user


class SessionAuth(NinjaSessionAuth):
    """ninja's session auth with CSRF enforced, but a request without a signed-in
    session is "not authenticated" (401) rather than a CSRF failure (403)."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)
