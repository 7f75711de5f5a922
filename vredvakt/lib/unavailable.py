"""The database is unreachable: answer 503 with Retry-After, log once per outage (#16).

While PostgreSQL restarts or fails over, every request that needs it fails with
OperationalError/InterfaceError. Those are temporary: the ingest API and the
HTTP API answer 503 JSON {"detail": …} with Retry-After (vendors retry; an
event is never answered 202 unless stored), pages show a plain Swedish message,
and the log gets one line when the outage starts and one when it ends, not a
traceback per request. Django opens a new connection for the next request, so
everything resumes by itself.

`DatabaseUnavailableMiddleware` catches what views raise; `server_error` is the
handler500 that catches what a middleware (sessions, auth) raises.
"""

import logging
import sys
import threading
import time
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults

from vredvakt.lib.api_paths import is_api
from vredvakt.lib.conflicts import is_conflict

log = logging.getLogger("vredvakt.database")

RETRY_AFTER_SECONDS = 10
# A conflict is over when the other change commits: a moment, not an outage.
CONFLICT_RETRY_AFTER_SECONDS = 1
UNAVAILABLE = (OperationalError, InterfaceError)


class Outage:
    """This process's view of the database: down since when, if it is down."""

    def __init__(self) -> None:
        self.since: float | None = None
        self.lock = threading.Lock()

    def failed(self, exc: BaseException) -> None:
        with self.lock:
            if self.since is not None:
                return
            self.since = time.monotonic()
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        log.error("database unavailable since %s: %s", timezone.now().isoformat(), reason)

    def answered(self) -> None:
        if self.since is None:  # the usual case: no lock taken
            return
        with self.lock:
            if self.since is None:
                return
            seconds, self.since = time.monotonic() - self.since, None
        log.warning("database back after %.0f s", seconds)


outage = Outage()


def unavailable_response(request: HttpRequest, *, conflict: bool = False) -> HttpResponse:
    """503: the database is down, or (`conflict`) it gave this change up for another one
    made at the same moment (vredvakt/lib/conflicts.py), which trying again resolves."""
    response: HttpResponse
    if conflict:
        detail = _("Someone changed the same thing at the same moment. Try again.")
    else:
        detail = _("The database cannot be reached at the moment. Try again shortly.")
    if is_api(request):
        response = JsonResponse({"detail": detail}, status=503)
    else:
        # Rendered without a request context: the context processors need the database.
        html = render_to_string(
            "503.html", {"reload": request.method == "GET", "conflict": conflict}
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(CONFLICT_RETRY_AFTER_SECONDS if conflict else RETRY_AFTER_SECONDS)
    # Django would log a traceback for every 5xx; `outage` logs once per outage.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A request that reached the database and did not fail: the outage is over.
        if response.status_code != 503 and connection.connection is not None:
            outage.answered()
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, UNAVAILABLE):
            return None
        return database_error_response(request, exc)


def database_error_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """503 for an OperationalError or InterfaceError, the pages' (the middleware) and the
    API's (vredvakt/api.py): a conflict asks to try again now; the database down is
    logged once per outage."""
    if is_conflict(exc):
        log.warning("%s %s gave up after a conflict: %s", request.method, request.path, exc)
        return unavailable_response(request, conflict=True)
    outage.failed(exc)
    return unavailable_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database failure or conflict raised in a middleware is a 503 too."""
    exc = sys.exc_info()[1]
    if isinstance(exc, UNAVAILABLE):
        return database_error_response(request, exc)
    return defaults.server_error(request)
