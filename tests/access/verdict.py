"""Whether what a persona got from a request is what their cell of the matrix says."""

from tests.access.matrix import REFUSED, Entry, word
from tests.access.observe import Seen

# Those who must get nothing of Tumba's from any page or operation.
STRANGERS = frozenset({"outsider", "anonymous"})
# What a refused read or write may answer.
REFUSED_STATUSES = frozenset({401, 403, 404})
# A write naming another unit's client in its body: "no such client", as for a made-up id.
REFUSED_WRITE_STATUSES = REFUSED_STATUSES | {400, 422}
# Counted rows a refused write by someone who may read the object may still add.
READ_ONLY = "audit (reads of Tumba)"


def to_sign_in(seen: Seen) -> bool:
    # Signing out also lands on /login/, but not sent there to come back.
    return seen.status == 302 and seen.location.startswith("/login/?next=")


def needs_counts(entry: Entry, role: str) -> bool:
    """Row counts before and after: for writes that must change nothing, and for reads
    of clients, which must be logged."""
    if entry.method == "GET":
        return entry.shows_clients
    cell = word(entry.cells[role])
    return cell == REFUSED or (role in STRANGERS and cell != "own")


def wrongs(entry: Entry, role: str, seen: Seen) -> list[str]:
    """What is wrong with the answer; empty when it matches the cell."""
    cell = word(entry.cells[role])
    write = entry.method != "GET"
    found = _refused(write, role, seen) if cell == REFUSED else _allowed(entry, role, cell, seen)
    if role in STRANGERS and seen.shows_tumba:
        found.append("shows Tumba's clients to someone outside Tumba")
    return found


def _refused(write: bool, role: str, seen: Seen) -> list[str]:
    found = []
    statuses = REFUSED_WRITE_STATUSES if write else REFUSED_STATUSES
    if not (seen.status in statuses or to_sign_in(seen)):
        found.append("should be refused (403, 404, 401 or the sign-in page)")
    if not write and seen.shows_tumba:
        found.append("refused, yet shows Tumba's clients")
    changed = [c for c in seen.changed if c != READ_ONLY or role in STRANGERS]
    if changed:
        found.append(f"refused, yet changed {', '.join(changed)}")
    return found


def _allowed(entry: Entry, role: str, cell: str, seen: Seen) -> list[str]:
    found = []
    if seen.status in REFUSED_STATUSES or to_sign_in(seen) or seen.status in (405, 500):
        found.append(f"should be allowed ({cell})")
    if role in STRANGERS and cell != "own" and seen.changed:
        found.append(f"changed {', '.join(seen.changed)} for someone outside Tumba")
    if entry.shows_clients and entry.method == "GET" and not found:
        expected = cell == "all units" or (cell == "own unit" and role not in STRANGERS)
        if expected and not seen.shows_tumba:
            found.append(f"should show Tumba's clients ({cell})")
        if seen.shows_tumba and READ_ONLY not in seen.changed:
            found.append("shows Tumba's clients but logs no read of them")
        if not expected and seen.shows_tumba:
            found.append(f"should not show Tumba's clients ({cell})")
    return found
