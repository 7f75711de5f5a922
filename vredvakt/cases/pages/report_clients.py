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


def recent_client_ids(user: AbstractBaseUser) -> list[int]:
    """The clients of the reporter's own latest reports, newest first."""
    reports = TimelineEntry.objects.filter(
        actor_id=user.pk, kind__in=[EntryKind.REPORTED, EntryKind.REPORTED_AGAIN]
    ).order_by("-at")
    return list(dict.fromkeys(reports.values_list("case__client_id", flat=True)[:50]))[:RECENT]


def unit_recent_client_ids(
    clients: QuerySet[Client], *, leave_out: list[int], now: datetime
) -> list[int]:
    """Reported lately in the reporter's units (`clients` are theirs), or with an open case."""
    since = now - timedelta(days=UNIT_RECENT_DAYS)
    cases = FaultCase.objects.filter(
        Q(opened_at__gte=since) | Q(status=CaseStatus.OPEN),
        client__in=clients.exclude(pk__in=leave_out),
    ).order_by("-opened_at")
    return list(dict.fromkeys(cases.values_list("client_id", flat=True)[:50]))[:UNIT_RECENT]


def client_choices(
    user: AbstractBaseUser,
    clients: QuerySet[Client],
    query: str,
    chosen: Client | None,
    *,
    now: datetime,
) -> ClientChoices:
    recent_ids = [] if query else recent_client_ids(user)
    unit_ids = [] if query else unit_recent_client_ids(clients, leave_out=recent_ids, now=now)
    # One read of both lists' clients, only those the reporter may see (the report
    # form is opened at every door on an outage day, #16).
    found = clients.in_bulk(recent_ids + unit_ids) if recent_ids or unit_ids else {}
    recent = [found[pk] for pk in recent_ids if pk in found]
    unit_recent = [found[pk] for pk in unit_ids if pk in found]
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
