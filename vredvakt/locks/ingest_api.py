"""POST /api/v1/lock-events: the vendors' signed telemetry (docs/integration.md).

A plain Django view rather than a django-ninja operation: the signature covers
the raw bytes and the size limit must be checked before the body is read or
parsed, and the endpoint sits on the hot path of every lock in the fleet.
Mounted in config/urls.py ahead of the ninja API; no session, no CSRF token.
"""

import os
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vredvakt.accounts.ratelimit import (
    RateLimited,
    limit_of,
    rate_check,
    rate_hit,
    window_of,
)
from vredvakt.lib.client_address import client_ip
from vredvakt.locks import ingest
from vredvakt.locks.ingest import IngestRejected, Malformed, Refused
from vredvakt.locks.ingest_store import lock_events_ingest
from vredvakt.ops.metrics import ingest_count, ingest_reject


@csrf_exempt
@require_POST
def lock_events(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    try:
        ingest.check_content_length(request.META.get("CONTENT_LENGTH"))
        name = request.headers.get("X-Vredvakt-Integration")
        timestamp = ingest.check_timestamp(request.headers.get("X-Vredvakt-Timestamp"), now)
        body = request.body
        if len(body) > ingest.MAX_BODY_BYTES:
            raise ingest.TooLarge(f"body over {ingest.MAX_BODY_BYTES} bytes")
        # Per integration and address: a vendor's runaway loop, not its fleet (#14).
        # On PostgreSQL the sender's query counts the request (#17).
        address = client_ip(request)
        limit = limit_of("ingest")
        sender = ingest.find_sender(
            name,
            timezone.localdate(now),
            ingest.lock_hint(body),
            count_for=address if limit > 0 else None,
            window=window_of(now),
        )
        signature = request.headers.get("X-Vredvakt-Signature", "")
        ingest.check_signature(sender, timestamp, body, signature)
        if sender.count is not None:
            rate_check(count=sender.count, limit=limit, now=now)
        else:
            rate_hit(kind="ingest", key=f"{sender.integration_id} {address}", now=now)
        ingest.note_use(sender, now)
        events = ingest.parse_events(body, now)
    except IngestRejected as rejected:
        return _rejection(rejected)
    except RateLimited as limited:
        detail = f"too many requests: wait {limited.retry_after} seconds"
        response = JsonResponse({"detail": detail}, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    max_age = timedelta(days=settings.INGEST_MAX_EVENT_AGE_DAYS)
    events, too_old = ingest.refuse_too_old(events, now, max_age)
    result = lock_events_ingest(
        integration_id=sender.integration_id,
        vendor=sender.vendor,
        events=events,
        now=now,
        params=sender.params,
        lookup=sender.lookup,
    )
    ingest_count(accepted=result.accepted, duplicates=result.duplicates)
    answer = {
        "accepted": result.accepted,
        "duplicates": result.duplicates,
        "unknown_locks": result.unknown_locks,
        # Events of the batch not stored, each with why; sending them again will not help.
        "refused": [r.as_json() for r in sorted(too_old + result.refused, key=_by_index)],
    }
    return JsonResponse(answer, status=202)


def _by_index(refused: Refused) -> int:
    return refused.index


def _rejection(rejected: IngestRejected) -> JsonResponse:
    ingest_reject(status=rejected.status)
    if isinstance(rejected, Malformed):
        errors = [
            {"index": e.index, "field": e.field, "message": e.message} for e in rejected.errors
        ]
        return JsonResponse({"errors": errors}, status=rejected.status)
    response = JsonResponse({"detail": rejected.message}, status=rejected.status)
    if rejected.status == 401:
        response["WWW-Authenticate"] = 'Vredvakt-HMAC-SHA256 realm="lock-events"'
    return response


@csrf_exempt
def bench_noop(request: HttpRequest) -> HttpResponse:
    """The same stack with no work: bench/ingest.py's baseline (VREDVAKT_BENCH=1 only)."""
    answer = {"accepted": 0, "duplicates": 0, "unknown_locks": [], "refused": []}
    return JsonResponse(answer, status=202)


app_name = "lock_ingest"
urlpatterns = [path("lock-events", lock_events, name="lock-events")]
if os.environ.get("VREDVAKT_BENCH") == "1":
    urlpatterns.append(path("bench/noop", bench_noop, name="bench-noop"))
