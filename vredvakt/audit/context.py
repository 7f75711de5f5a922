"""Where the current request came from, for the audit entries written while serving it.

The middleware stores the client's IP address and user agent in a context
variable, so `audit_record` fills them in and callers need not pass them.
Commands and the worker run outside a request and leave them empty.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from vredvakt.lib.client_address import client_ip, client_user_agent


@dataclass(frozen=True)
class Origin:
    ip: str = ""
    user_agent: str = ""


NOWHERE = Origin()
_origin: ContextVar[Origin] = ContextVar("audit_origin", default=NOWHERE)


def current_origin() -> Origin:
    return _origin.get()


def request_origin(request: HttpRequest) -> Origin:
    # The address the sign-in lockout and the rate limits count: behind our own
    # proxies the one they forwarded, never one the client wrote (lib/client_address).
    return Origin(ip=client_ip(request), user_agent=client_user_agent(request))


class AuditOriginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _origin.set(request_origin(request))
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
