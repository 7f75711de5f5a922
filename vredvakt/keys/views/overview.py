"""Overview pages: the storage places, one cabinet's checklist, the register's health."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Model, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from vredvakt.audit.services import audit_client_read
from vredvakt.clients.access import clients_visible_to
from vredvakt.clients.models import Client
from vredvakt.keys.access import get_key_storage_for_user, key_storages_visible_to
from vredvakt.keys.cabinet import LONGEST_QUERY, cabinet_lines, cabinet_search, visiting_keys
from vredvakt.keys.gaps import Gap, register_gaps
from vredvakt.keys.loan_access import can_see_health, health_units, loan_keys_visible_to
from vredvakt.keys.models import Key, KeyLoan


@login_required
def storage_list(request: HttpRequest) -> HttpResponse:
    keys = loan_keys_visible_to(request.user)
    # A loan must exist: a key never lent out has an empty outer-joined loan row, not one out.
    out = Q(keys__in=keys, keys__loans__isnull=False, keys__loans__returned_at__isnull=True)
    storages = key_storages_visible_to(request.user).annotate(
        key_count=Count("keys", filter=Q(keys__in=keys), distinct=True),
        out_count=Count("keys", filter=out, distinct=True),
    )
    return render(request, "keys/storages.html", {"storages": storages.order_by("name")})


@login_required
def storage(request: HttpRequest, pk: int) -> HttpResponse:
    """R1/R2: what the cabinet should hold; printable for a shift hand-over; searchable (#13)."""
    place = get_key_storage_for_user(request.user, pk)
    keys = loan_keys_visible_to(request.user)
    client_ids = keys.filter(storage=place).values_list("client_id", flat=True)
    clients = clients_visible_to(request.user).filter(pk__in=client_ids)
    visible = set(clients.values_list("pk", flat=True))
    lines = cabinet_lines(place, keys, visible)
    query = request.GET.get("q", "").strip()[:LONGEST_QUERY]
    shown_lines = lines
    if query:
        found = set(cabinet_search(keys, query, clients).values_list("pk", flat=True))
        shown_lines = [line for line in lines if line.key.pk in found]
    # Only the clients on the lines shown are read, so only they are logged.
    shown: list[Model] = [
        line.key.client for line in shown_lines if line.show_client and line.key.client
    ]
    if shown:
        audit_client_read(user=request.user, clients=shown, via="web")
    context = {
        "place": place,
        "lines": shown_lines,
        "key_count": len(lines),
        "query": query,
        "visiting": visiting_keys(place, keys),
        "now": timezone.now(),
        "out_count": sum(1 for line in lines if line.open_loan is not None),
    }
    partial = request.htmx  # type: ignore[attr-defined]
    template = "keys/_cabinet_lines.html" if partial else "keys/storage.html"
    return render(request, template, context)


@login_required
def health(request: HttpRequest) -> HttpResponse:
    if not can_see_health(request.user):
        raise PermissionDenied(_("The key register's health is for managers and the alarm group."))
    now = timezone.now()
    gaps = register_gaps(health_units(request.user), now)
    clients = _clients_shown(gaps)
    if clients:
        audit_client_read(user=request.user, clients=clients, via="web")
    linkable = set(
        clients_visible_to(request.user)
        .filter(pk__in=[c.pk for c in clients])
        .values_list("pk", flat=True)
    )
    context = {"gaps": gaps, "now": now, "linkable": linkable}
    return render(request, "keys/health.html", context)


def _clients_shown(gaps: list[Gap]) -> list[Model]:
    shown: dict[int, Model] = {}
    for gap in gaps:
        for item in gap.items:
            client = _client_of(item)
            if client is not None:
                shown[client.pk] = client
    return list(shown.values())


def _client_of(item: object) -> Client | None:
    if isinstance(item, Client):
        return item
    if isinstance(item, Key):
        return item.client
    if isinstance(item, KeyLoan):
        return item.key.client
    return None
