"""The fleet view (R8, R17): locks by status, live counts, a lock's history of events and cases.

The counts refresh themselves (htmx polls a small partial); the table does
not, so a row someone is reading does not jump away. The registry's own
/locks/ pages (front/views/registers.py) link here. It lives in front, above
locks, cases and outages, because it shows all three.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vredvakt.audit.services import audit_client_read
from vredvakt.cases.access import cases_visible_to, is_alarm_group
from vredvakt.clients.access import clients_visible_to
from vredvakt.lib.requests import signed_in
from vredvakt.locks.access import get_lock_for_user, locks_visible_to, with_client_visibility
from vredvakt.locks.fleet import (
    Filters,
    filters_from,
    may_see_fleet,
    options_for,
    status_counts,
)
from vredvakt.outages.models import BatteryTask, MajorOutage, OutageStatus

PAGE_SIZE = 50
# Seconds between two refreshes of the counts.
POLL_SECONDS = 10


def _user(request: HttpRequest) -> AbstractBaseUser:
    user = signed_in(request)
    if not may_see_fleet(user):
        raise Http404("No such page.")
    return user


def _counts_context(user: AbstractBaseUser, filters: Filters) -> dict[str, Any]:
    query = filters.query()
    counts = status_counts(filters.apply(locks_visible_to(user)))
    return {
        "qs": urlencode(query),
        # Each count links to the table filtered by its status.
        "counts": [(c, urlencode({**query, "status": c.status})) for c in counts],
        "poll_seconds": POLL_SECONDS,
        "now": timezone.now(),
    }


@login_required
def fleet(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    options = options_for(user)
    filters = filters_from(request.GET.dict(), options)
    visible = with_client_visibility(locks_visible_to(user), user)
    locks = filters.apply(visible).order_by("status", "area", "vendor_lock_id")
    page = Paginator(locks, PAGE_SIZE).get_page(request.GET.get("page"))
    tasks = BatteryTask.objects.none()
    if is_alarm_group(user):
        tasks = (
            BatteryTask.objects.filter(closed_at__isnull=True, lock__in=locks_visible_to(user))
            .select_related("lock")
            .order_by("lock__battery", "opened_at")[:100]
        )
    context = {
        **_counts_context(user, filters),
        "page": page,
        "options": options,
        "filters": filters,
        "tasks": tasks,
        "outage": MajorOutage.objects.filter(status=OutageStatus.OPEN).first(),
    }
    return render(request, "locks/fleet.html", context)


@login_required
def fleet_counts(request: HttpRequest) -> HttpResponse:
    """The live part: counts per status for the same filters."""
    user = _user(request)
    filters = filters_from(request.GET.dict(), options_for(user))
    return render(request, "locks/_fleet_counts.html", _counts_context(user, filters))


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    lock = get_lock_for_user(user, pk)
    cases = list(cases_visible_to(user).filter(lock=lock).order_by("-opened_at")[:50])
    # The alarm group sees every lock but not whose door it is on (decisions.md).
    shown_client = (
        clients_visible_to(user).filter(pk=lock.client_id).first()
        if lock.client_id is not None
        else None
    )
    if shown_client is not None:
        audit_client_read(user=user, clients=[shown_client], via="web")
    context = {
        "lock": lock,
        "client": shown_client,
        "events": lock.events.order_by("-at", "-id")[:100],
        "cases": cases,
        "tasks": lock.battery_tasks.order_by("-opened_at")[:20],
        "now": timezone.now(),
    }
    return render(request, "locks/history.html", context)
