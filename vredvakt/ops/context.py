"""What the current request is, for every log line written while it runs."""

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

# A caller's id is kept only if it is short and plain: it ends up in log lines
# and a response header, so nothing that could forge either gets through.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


@dataclass
class RequestContext:
    request_id: str
    method: str = ""
    path: str = ""
    route: str = ""
    user_id: int | None = None


current: ContextVar[RequestContext | None] = ContextVar("vredvakt_request", default=None)


def request_id_from(header: str | None) -> str:
    """The proxy's or client's X-Request-ID when it looks sane, else a new one."""
    if header and _VALID_REQUEST_ID.match(header):
        return header
    return uuid.uuid4().hex
