"""How API callers sign in: a bearer token, or the browser's Django session."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from vredvakt.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_user(token=token, now=timezone.now())
        if user is not None:
            # Code that reads request.user (audit, access helpers) sees the token's owner.
            request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """ninja's session auth with CSRF enforced, but a request without a signed-in
    session is "not authenticated" (401) rather than a CSRF failure (403)."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)
