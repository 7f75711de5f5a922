"""Where a request came from: the one reading that the audit trail, the sign-in
lockout and every rate limit use (docs/security.md, "The address")."""

from ipaddress import ip_address
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage
from django.core.checks import Warning as CheckWarning
from django.http import HttpRequest

# The audit trail's columns (audit.AuditEntry.ip and .user_agent).
IP_MAX = 45
USER_AGENT_MAX = 300


def client_ip(request: HttpRequest) -> str:
    """The client's address, read through TRUSTED_PROXY_COUNT proxies we run ourselves.

    Behind a TLS proxy REMOTE_ADDR is the proxy (gunicorn does not rewrite it): the
    audit trail would record the proxy for everyone and every limit count one
    address. Only the entries our own proxies appended to X-Forwarded-For are
    trusted; anything left of them the client could have written. An entry that
    is no IP address (a proxy counted that is not there) falls back to the peer.
    """
    peer = str(request.META.get("REMOTE_ADDR") or "")[:IP_MAX]
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies <= 0 or len(hops) < proxies:
        return peer
    try:
        return str(ip_address(hops[-proxies]))[:IP_MAX]
    except ValueError:
        return peer


def client_user_agent(request: HttpRequest) -> str:
    # gunicorn refuses a NUL in a header; another server might pass it on, and
    # PostgreSQL would refuse the audit row of a read (and so the page).
    agent = str(request.META.get("HTTP_USER_AGENT") or "").replace("\x00", "")
    return agent[:USER_AGENT_MAX]


def check_proxy_counted(**kwargs: Any) -> list[CheckMessage]:
    """`check --deploy`: behind a TLS proxy with no proxy counted, every address is the proxy's."""
    if settings.SECURE_PROXY_SSL_HEADER and settings.TRUSTED_PROXY_COUNT <= 0:
        return [
            CheckWarning(
                "Behind a TLS proxy (BEHIND_TLS_PROXY=1) every request comes from the "
                "proxy: the audit trail would record its address for everyone and the "
                "rate limits count everyone as one.",
                hint="Set TRUSTED_PROXY_COUNT to the number of your own proxies (1 for "
                "the nginx of deploy/).",
                id="vredvakt.W001",
            )
        ]
    return []
