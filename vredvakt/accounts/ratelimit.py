"""Rate limits (#14): requests per client key and minute, counted in the database.

A fixed one-minute window per key (who is asking and from where). Each request
costs one atomic upsert that returns the new count, so several web processes
on PostgreSQL, or one on SQLite, count the same requests once. Over the limit
the caller is told to wait until the window ends (Retry-After).
"""

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from vredvakt.accounts.models import RateCount
from vredvakt.lib.client_address import client_ip

WINDOW_SECONDS = 60
MAX_KEY = 200
# One statement on both databases (SQLite has had upserts since 3.24).
HIT_SQL = (
    "INSERT INTO accounts_ratecount (key, window_start, count) VALUES (%s, %s, 1) "
    "ON CONFLICT (key, window_start) DO UPDATE SET count = accounts_ratecount.count + 1 "
    "RETURNING count"
)
# Typed: PostgreSQL binds these on the server (config/settings.py).
HIT_PG_SQL = HIT_SQL.replace("VALUES (%s, %s, 1)", "VALUES (%s::varchar, %s::bigint, 1)")
# PostgreSQL, outside a transaction: the count is its own transaction, and its
# commit need not wait for the disk (#17: a flush per ingest request otherwise).
# A server crash can forget the last moments' counts, letting a few requests
# more through in that minute; nothing else depends on them.
HIT_ASYNC_SQL = HIT_PG_SQL + ", set_config('synchronous_commit', 'off', true)"


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited for {retry_after} s")
        self.retry_after = retry_after


def limit_of(kind: str) -> int:
    """Requests a minute allowed for `kind` (settings RATE_LIMIT_<KIND>); 0 is no limit."""
    limit: int = getattr(settings, f"RATE_LIMIT_{kind.upper()}")
    return limit


def window_of(now: datetime) -> int:
    """The start of the window `now` falls in, in unix seconds."""
    seconds = int(now.timestamp())
    return seconds - seconds % WINDOW_SECONDS


def rate_check(*, count: int, limit: int, now: datetime) -> None:
    """Raise RateLimited, with the seconds left in the window, if `count` is over `limit`."""
    if count > limit > 0:
        raise RateLimited(max(window_of(now) + WINDOW_SECONDS - int(now.timestamp()), 1))


def pg_hit_cte(key_sql: str, source: str) -> str:
    """A PostgreSQL WITH clause `hit(count)` that counts one request for the key `key_sql`.

    For a query that counts as it reads (the ingest's sender lookup, #17): the
    key is an SQL expression over `source` (a FROM clause; no row, no count),
    followed by the window's start as a parameter.
    """
    return (
        "hit AS (INSERT INTO accounts_ratecount (key, window_start, count) "
        f"SELECT left({key_sql}, {MAX_KEY}), %s::bigint, 1 FROM {source} "
        "ON CONFLICT (key, window_start) DO UPDATE SET count = accounts_ratecount.count + 1 "
        "RETURNING count)"
    )


def rate_hit(*, kind: str, key: str, now: datetime) -> None:
    """Count one request; raise RateLimited with the seconds to wait when over the limit."""
    limit = limit_of(kind)
    if limit <= 0:
        return
    window_start = window_of(now)
    # Inside a transaction the setting would cover the caller's commit too.
    sql = HIT_SQL
    if connection.vendor == "postgresql":
        sql = HIT_PG_SQL if connection.in_atomic_block else HIT_ASYNC_SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"{kind}:{key}"[:MAX_KEY], window_start])
        count = cursor.fetchone()[0]
    rate_check(count=count, limit=limit, now=now)


def rate_counts_purge(*, before: datetime) -> int:
    """Forget windows that ended before `before` (the retention job, daily)."""
    deleted, _ = RateCount.objects.filter(window_start__lt=int(before.timestamp())).delete()
    return deleted


def too_many_page(request: HttpRequest, retry_after: int) -> HttpResponse:
    context = {"retry_after": retry_after}
    response = render(request, "accounts/too_many.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def web_rate_limited(
    kind: str, key_of: Callable[[HttpRequest], str]
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """A page whose POSTs count against `kind`; over the limit a 429 page that says how long."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST":
                try:
                    rate_hit(kind=kind, key=key_of(request), now=timezone.now())
                except RateLimited as limited_for:
                    return too_many_page(request, limited_for.retry_after)
            return view(request, *args, **kwargs)

        return limited

    return decorate


def signed_in_key(request: HttpRequest) -> str:
    return f"user {request.user.pk} {client_ip(request)}"


def login_key(request: HttpRequest) -> str:
    # Per name tried and address: an office behind one address still signs in
    # person by person; django-axes locks out guessing across names.
    username = str(request.POST.get("username", ""))[:150].strip().lower()
    return f"{username} {client_ip(request)}"
