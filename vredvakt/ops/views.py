"""/metrics: Prometheus text format, for a scraper holding METRICS_TOKEN."""

import hmac

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from vredvakt.ops.gauges import gauges_exposition
from vredvakt.ops.metrics import counters_exposition

_DATABASE_DOWN = (
    b"# HELP vredvakt_database_up Whether this web process reached the database for this scrape.\n"
    b"# TYPE vredvakt_database_up gauge\n"
)


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """404 while METRICS_TOKEN is unset (the endpoint is off), 401 for a wrong token."""
    expected = settings.METRICS_TOKEN
    if not expected:
        raise Http404
    if not _bearer_matches(request.headers.get("Authorization", ""), expected):
        response = HttpResponse("A valid bearer token is required.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body = counters_exposition() + _database_part()
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def _bearer_matches(header: str, expected: str) -> bool:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), expected.encode())


def _database_part() -> bytes:
    # A scrape during a database outage still answers with the counters, and says so.
    try:
        rows = gauges_exposition(timezone.now())
    except DatabaseError:
        return _DATABASE_DOWN + b"vredvakt_database_up 0.0\n"
    return rows + _DATABASE_DOWN + b"vredvakt_database_up 1.0\n"
