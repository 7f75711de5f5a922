from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from vredvakt.jobs.healthz import database_ok, report


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness of this web process: 200 when it answers and reaches the database."""
    try:
        reachable = database_ok()
    except DatabaseError:
        reachable = False
    return JsonResponse(
        {"database": "ok" if reachable else "error"}, status=200 if reachable else 503
    )


@require_GET
@never_cache
def system(request: HttpRequest) -> JsonResponse:
    """The whole system: database, worker, backlog, sections; 503 when any is not fine."""
    try:
        if not database_ok():
            raise DatabaseError("SELECT 1 gave a wrong answer")
        body, healthy = report()
    except DatabaseError:
        body = {"database": "error", "worker": {"last_loop": None, "ok": False}}
        healthy = False
    return JsonResponse(body, status=200 if healthy else 503)
