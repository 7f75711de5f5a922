from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from vredvakt.jobs.healthz import database_ok, report


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and a worker looped recently, else 503."""
    try:
        if not database_ok():
            raise DatabaseError("SELECT 1 gave a wrong answer")
        body, healthy = report(timezone.now())
    except DatabaseError:
        body = {"database": "error", "worker": {"last_loop": None, "ok": False}}
        healthy = False
    return JsonResponse(body, status=200 if healthy else 503)
