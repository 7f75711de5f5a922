"""Which clients a reporter picks from (R3): their own units' clients, recent ones first."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from vredvakt.cases.models import TimelineEntry
from vredvakt.cases.services.timeline import EntryKind
from vredvakt.clients.models import Client
from vredvakt.clients.search import search_clients

RECENT = 5  # clients of the reporter's own latest reports
LISTED = 15  # more than this: search to narrow it down


@dataclass
class ClientChoices:
    recent: list[Client]
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


def client_choices(
    user: AbstractBaseUser, clients: QuerySet[Client], query: str, chosen: Client | None
) -> ClientChoices:
    recent = [] if query else recent_clients(user, clients)
    listed = search(clients, query) if query else clients.exclude(pk__in=[c.pk for c in recent])
    others = list(listed.order_by("last_name", "first_name", "pk")[: LISTED + 1])
    more = len(others) > LISTED
    others = others[:LISTED]
    shown = recent + others
    if chosen is not None and chosen in shown:
        chosen = None  # it is in the lists already; the radio is checked there
    all_shown = shown + ([chosen] if chosen is not None else [])
    return ClientChoices(recent, others, more, chosen, all_shown)
