"""Which clients a reporter picks from (R3): their own units' clients, likely ones first.

Until Vredvakt knows planned visits, the order guesses where the worker
stands: first the clients of their own latest reports (they visit them);
then those whose door was reported lately by anyone of their units, or
still has an open case, most recent first (a failing lock fails again, and
colleagues on the same route visit the same homes); then the rest by name.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from vredvakt.cases.models import CaseStatus, FaultCase, TimelineEntry
from vredvakt.cases.services.timeline import EntryKind
from vredvakt.clients.models import Client
from vredvakt.clients.search import search_clients

RECENT = 5  # clients of the reporter's own latest reports
UNIT_RECENT = 5  # clients reported lately in the reporter's units, or with an open case
UNIT_RECENT_DAYS = 14
LISTED = 15  # more than this: search to narrow it down


@dataclass
class ClientChoices:
    recent: list[Client]
    unit_recent: list[Client]
    others: list[Client]
    more: bool  # more clients match than are listed
    chosen: Client | None = None
    all_shown: list[Client] = field(default_factory=list)


def search(clients: QuerySet[Client], query: str) -> QuerySet[Client]:
    """By name, address, reference, or the lock's vendor id ("PH-1")."""
    by_lock = clients.filter(locks__vendor_lock_id__icontains=query.strip())
    return (search_clients(clients, query) | by_lock).distinct()


def recent_clients(user: AbstractBaseUser, clients: QuerySet[Client]) -> list[Client]:
    reports = TimelineEntry.objects.filter(
        actor_id=user.pk, kind__in=[EntryKind.REPORTED, EntryKind.REPORTED_AGAIN]
    ).order_by("-at")
    ids = list(dict.fromkeys(reports.values_list("case__client_id", flat=True)[:50]))[:RECENT]
    found = clients.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def unit_recent_clients(
    clients: QuerySet[Client], *, leave_out: list[Client], now: datetime
) -> list[Client]:
    """Reported lately in the reporter's units (`clients` are theirs), or with an open case."""
    since = now - timedelta(days=UNIT_RECENT_DAYS)
    cases = FaultCase.objects.filter(
        Q(opened_at__gte=since) | Q(status=CaseStatus.OPEN),
        client__in=clients.exclude(pk__in=[c.pk for c in leave_out]),
    ).order_by("-opened_at")
    ids = list(dict.fromkeys(cases.values_list("client_id", flat=True)[:50]))[:UNIT_RECENT]
    found = clients.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def client_choices(
    user: AbstractBaseUser,
    clients: QuerySet[Client],
    query: str,
    chosen: Client | None,
    *,
    now: datetime,
) -> ClientChoices:
    recent = [] if query else recent_clients(user, clients)
    unit_recent = [] if query else unit_recent_clients(clients, leave_out=recent, now=now)
    first = recent + unit_recent
    listed = search(clients, query) if query else clients.exclude(pk__in=[c.pk for c in first])
    others = list(listed.order_by("last_name", "first_name", "pk")[: LISTED + 1])
    more = len(others) > LISTED
    others = others[:LISTED]
    shown = first + others
    if chosen is not None and chosen in shown:
        chosen = None  # it is in the lists already; the radio is checked there
    all_shown = shown + ([chosen] if chosen is not None else [])
    return ClientChoices(recent, unit_recent, others, more, chosen, all_shown)
