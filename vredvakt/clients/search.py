"""Finding a client by name, address or reference."""

from django.db.models import Q, QuerySet

from vredvakt.clients.models import Client

MAX_WORDS = 5
FIELDS = ("first_name", "last_name", "street_address", "postal_code", "city", "reference")


def search_clients(clients: QuerySet[Client], query: str) -> QuerySet[Client]:
    """Every word must match some field ("karin storg" finds Karin on Storgatan)."""
    for word in query.split()[:MAX_WORDS]:
        clients = clients.filter(_any_field_contains(word))
    return clients


def _any_field_contains(word: str) -> Q:
    # SQLite folds case for ASCII only, so "åberg" would miss "Åberg": try the usual casings.
    variants = {word, word.lower(), word.upper(), word.capitalize()}
    condition = Q()
    for field in FIELDS:
        for variant in variants:
            condition |= Q(**{f"{field}__icontains": variant})
    return condition
