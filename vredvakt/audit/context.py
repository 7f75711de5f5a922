"""Where the current request came from, for the audit entries written while serving it.

The middleware stores the client's IP address and user agent in a context
variable, so `audit_record` fills them in and callers need not pass them.
Commands and the worker run outside a request and leave them empty.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Origin:
    ip: str = ""
    user_agent: str = ""


NOWHERE = Origin()
_origin: ContextVar[Origin] = ContextVar("audit_origin", default=NOWHERE)
USER_AGENT_MAX = 300


def current_origin() -> Origin:
    return _origin.get()


def request_origin(request: HttpRequest) -> Origin:
    # REMOTE_ADDR, the peer: an X-Forwarded-For header could be forged by the
    # client, so behind a proxy the proxy's address is what is recorded unless
    # the deployment rewrites REMOTE_ADDR itself.
    ip = str(request.META.get("REMOTE_ADDR") or "")[:45]
    agent = str(request.META.get("HTTP_USER_AGENT") or "")[:USER_AGENT_MAX]
    return Origin(ip=ip, user_agent=agent)


class AuditOriginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _origin.set(request_origin(request))
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
