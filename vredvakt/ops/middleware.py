import logging
from collections.abc import Callable
from time import perf_counter

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from vredvakt.lib.deep_stack import with_deep_stack
from vredvakt.ops.context import RequestContext, current, request_id_from
from vredvakt.ops.metrics import request_observe

log = logging.getLogger("vredvakt.request")

# Probes and scrapes come every few seconds; their lines would drown the rest.
_QUIET_ROUTES = frozenset({"jobs:healthz", "jobs:system", "ops:metrics"})


class RequestContextMiddleware:
    """Gives each request an id, times it, counts it per route and logs one line.

    First in MIDDLEWARE, so the time and the count include every other layer
    (sessions, static files, CSRF) and every log line the request writes
    carries its id.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = RequestContext(
            request_id=request_id_from(request.headers.get("X-Request-ID")),
            method=request.method or "",
            path=request.path,
        )
        token = current.set(context)
        started = perf_counter()
        try:
            # Every layer below in one chunk of frame memory (lib/deep_stack.py).
            response = with_deep_stack(self.get_response, request)
            seconds = perf_counter() - started
            context.route = _route_of(request)
            context.user_id = _user_id_of(request)
            response["X-Request-ID"] = context.request_id
            request_observe(
                route=context.route,
                method=context.method,
                status=response.status_code,
                seconds=seconds,
            )
            _log_line(context, response.status_code, seconds)
            return response
        finally:
            current.reset(token)


def _route_of(request: HttpRequest) -> str:
    """The URL's name (e.g. cases:detail), never the raw path: one series per page type."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return str(match.view_name)
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "unmatched"


def _user_id_of(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return int(user.pk)


def _log_line(context: RequestContext, status: int, seconds: float) -> None:
    level = logging.DEBUG if context.route in _QUIET_ROUTES else logging.INFO
    log.log(
        level,
        "%s %s %s",
        context.method,
        context.path,
        status,
        extra={"status": status, "duration_ms": round(seconds * 1000, 1)},
    )
