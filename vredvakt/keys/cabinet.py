"""What a key storage place should hold, and where each key is now (R1, R2, R5)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from vredvakt.clients.models import Client
from vredvakt.clients.search import search_clients
from vredvakt.keys.models import Key, KeyLoan, KeyStorage

# A search longer than this is not a name, an address or a key code.
LONGEST_QUERY = 100


@dataclass(frozen=True)
class CabinetLine:
    key: Key
    open_loan: KeyLoan | None
    # The key's last return went to another place: it is not on its hook.
    elsewhere: KeyLoan | None
    show_client: bool

    @property
    def in_place(self) -> bool:
        return self.open_loan is None and self.elsewhere is None

    def overdue(self, now: datetime) -> bool:
        return self.open_loan is not None and self.open_loan.due_back_at <= now


def cabinet_lines(
    storage: KeyStorage, keys: QuerySet[Key], visible_clients: set[int]
) -> list[CabinetLine]:
    """One line per key registered at `storage` among `keys` (the viewer's scope)."""
    here = list(keys.filter(storage=storage).order_by("hook", "code"))
    loans = KeyLoan.objects.filter(key__in=here).select_related("holder", "returned_to")
    open_loans = {loan.key_id: loan for loan in loans.filter(returned_at__isnull=True)}
    last_back: dict[int, KeyLoan] = {}
    for loan in loans.filter(returned_at__isnull=False).order_by("returned_at", "pk"):
        last_back[loan.key_id] = loan
    lines = []
    for key in here:
        back = last_back.get(key.pk)
        elsewhere = back if back is not None and back.returned_to_id != storage.pk else None
        lines.append(
            CabinetLine(
                key=key,
                open_loan=open_loans.get(key.pk),
                elsewhere=None if key.pk in open_loans else elsewhere,
                show_client=key.client_id in visible_clients,
            )
        )
    return _natural(lines)


def cabinet_search(keys: QuerySet[Key], query: str, clients: QuerySet[Client]) -> QuerySet[Key]:
    """Keys whose code, or whose client's name or address, matches `query` (#13).

    Only clients in `clients` (those the viewer may see) are searched by name, so
    a search cannot reveal whose key hangs on a hook the viewer may not read.
    """
    query = query.strip()[:LONGEST_QUERY]
    if not query:
        return keys
    codes = Q()
    for variant in {query, query.upper(), query.lower()}:
        codes |= Q(code__icontains=variant)
    found = search_clients(clients, query).values_list("pk", flat=True)
    return keys.filter(codes | Q(client_id__in=found))


def _natural(lines: list[CabinetLine]) -> list[CabinetLine]:
    """Hook 2 before hook 10, as they hang in the cabinet."""

    def order(line: CabinetLine) -> tuple[int, int, str, str]:
        hook = line.key.hook
        digits = "".join(ch for ch in hook if ch in "0123456789")  # "²" is no number
        return (0 if hook else 1, int(digits) if digits else 0, hook, line.key.code)

    return sorted(lines, key=order)


def visiting_keys(storage: KeyStorage, keys: QuerySet[Key]) -> list[KeyLoan]:
    """Keys registered elsewhere whose last return put them here."""
    returned_here = (
        KeyLoan.objects.filter(returned_to=storage, key__in=keys)
        .exclude(key__storage=storage)
        .select_related("key", "key__storage", "returned_by")
        .order_by("-returned_at")
    )
    seen: set[int] = set()
    visiting = []
    for loan in returned_here:
        if loan.key_id in seen:
            continue
        seen.add(loan.key_id)
        last = KeyLoan.objects.filter(key_id=loan.key_id).order_by("-signed_out_at", "-pk").first()
        if last is not None and last.pk == loan.pk:
            visiting.append(loan)
    return visiting
