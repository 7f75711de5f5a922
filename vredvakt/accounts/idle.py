"""Sign out after SESSION_IDLE_TIMEOUT seconds without a request.

Phones and desk computers are shared between shifts: a sign-in left open would
show the next person the last one's clients. SESSION_COOKIE_AGE still bounds a
session however active it is; this bounds the pause. Background refreshes
(htmx polling, marked by static/vredvakt/vredvakt.js) do not count as activity,
so a desk left open on the wall still signs out.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from vredvakt.lib.api_paths import is_api

LAST_SEEN = "vredvakt_last_seen"
BACKGROUND_HEADER = "HTTP_X_VREDVAKT_BACKGROUND"
# Saving the session on every request would make each page view a write.
RESOLUTION_SECONDS = 30


def is_idle(last_seen: float | None, now: float, timeout: int) -> bool:
    return timeout > 0 and last_seen is not None and now - last_seen > timeout


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        now = timezone.now().timestamp()
        last_seen = request.session.get(LAST_SEEN)
        if is_idle(last_seen, now, settings.SESSION_IDLE_TIMEOUT):
            return self._sign_out(request)
        background = request.META.get(BACKGROUND_HEADER) == "1"
        if not background and (last_seen is None or now - last_seen >= RESOLUTION_SECONDS):
            request.session[LAST_SEEN] = now
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest) -> HttpResponse:
        request.sign_out_reason = "idle"  # type: ignore[attr-defined]  # read by signin_audit
        logout(request)
        if is_api(request):
            # The API answers a signed-out caller itself (401), like any other.
            return self.get_response(request)
        minutes = max(1, settings.SESSION_IDLE_TIMEOUT // 60)
        messages.info(
            request,
            _("You were signed out after %(minutes)s minutes without activity. Sign in again.")
            % {"minutes": minutes},
        )
        response = redirect_to_login(request.get_full_path())
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(response["Location"])
        return response
