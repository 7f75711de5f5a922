"""Where a request came from: the address the throttle counts and the audit records."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, read through TRUSTED_PROXY_COUNT proxies we run ourselves.

    Behind a TLS proxy REMOTE_ADDR is the proxy: every failed sign-in would count
    against one address. Only the entries our own proxies appended to
    X-Forwarded-For are trusted; anything left of them the client could have written.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies > 0 and len(hops) >= proxies:
        return hops[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def client_user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[:255]
