"""Registry pages: clients, locks and keys, each seen only through its access helper."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vredvakt.accounts.models import Unit
from vredvakt.audit.services import audit_client_read
from vredvakt.clients.access import clients_visible_to, get_client_for_user
from vredvakt.clients.decision_status import warning_days_on
from vredvakt.clients.search import search_clients
from vredvakt.front.decision_text import describe_decision
from vredvakt.keys.access import get_key_for_user
from vredvakt.lib.ids import id_from
from vredvakt.locks.access import get_lock_for_user, locks_visible_to
from vredvakt.retention.client_export import can_export

PAGE_SIZE = 50


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    clients = search_clients(clients_visible_to(request.user), query)
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_client_read(user=request.user, clients=list(page.object_list), via="web")
    return render(request, "front/client_list.html", {"page": page, "query": query})


@login_required
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for_user(request.user, pk)
    today = timezone.localdate()
    warning_days = warning_days_on(today)  # R4, from the routine in force (R16)
    decisions = [
        (d, describe_decision(d, today=today, warning_days=warning_days))
        for d in client.care_decisions.select_related("assessor")
    ]
    audit_client_read(user=request.user, clients=[client], via="web")
    context = {
        "client": client,
        "decisions": decisions,
        "locks": client.locks.all(),
        "keys": client.keys.select_related("storage"),
        "can_export": can_export(request.user, client),  # GDPR art. 15, #14
    }
    return render(request, "front/client_detail.html", context)


@login_required
def lock_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    locks = locks_visible_to(request.user)
    units = Unit.objects.filter(pk__in=locks.values("client__unit"))
    unit_id = id_from(request.GET.get("unit"))
    unit = units.filter(pk=unit_id).first() if unit_id is not None else None
    if unit is not None:
        locks = locks.filter(client__unit=unit)
    if query:
        locks = locks.filter(
            Q(vendor_lock_id__icontains=query)
            | Q(vendor__icontains=query)
            | Q(area__icontains=query)
            | Q(gateway__icontains=query)
        )
    page = Paginator(locks, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "units": units, "unit": unit}
    return render(request, "front/lock_list.html", context)


@login_required
def lock_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lock = get_lock_for_user(request.user, pk)
    # The alarm group sees every lock but not who lives behind it.
    client = lock.client if lock.client_id is not None else None
    if client is not None and not clients_visible_to(request.user).filter(pk=client.pk).exists():
        client = None
    if client is not None:
        audit_client_read(user=request.user, clients=[client], via="web")
    return render(request, "front/lock_detail.html", {"lock": lock, "client": client})


@login_required
def key_detail(request: HttpRequest, pk: int) -> HttpResponse:
    key = get_key_for_user(request.user, pk)
    if key.client is not None:
        audit_client_read(user=request.user, clients=[key.client], via="web")
    return render(request, "front/key_detail.html", {"key": key})
