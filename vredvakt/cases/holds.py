"""What keeps a case open when its lock works again (#13 item 3: R4, R5, R6).

A major outage's end records its cases as working again in bulk (R7); a case
with a cause of its own besides the outage must not be swept along with it.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

from django.db.models import Exists, OuterRef
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vredvakt.cases.models import FaultCase, TimelineEntry
from vredvakt.cases.services.timeline import EntryKind
from vredvakt.clients.models import CareDecision

CHUNK = 1000


class Hold(StrEnum):
    DECISION_EXPIRED = "decision_expired"  # R4: the lock refuses staff on purpose
    REPORTED_AGAIN = "reported_again"  # R6: someone at the door reported it after `since`
    KEY_OUT = "key_out"  # R5: a spare key of the case is not back


LABELS: dict[str, Promise] = {
    Hold.DECISION_EXPIRED: _("the care decision has expired"),
    Hold.REPORTED_AGAIN: _("reported at the door during the outage"),
    Hold.KEY_OUT: _("a key is still out"),
}


def hold_label(code: str) -> str:
    return str(LABELS.get(code, code))


def restore_holds(case_ids: Sequence[int], *, since: datetime, today: date) -> dict[int, list[str]]:
    """{case: its holds} for the cases of `case_ids` that something besides the lock keeps open.

    `since`: when the outage began; a person's report after it says the door
    still failed for a reason of its own (a jam, a fault) rather than the outage.
    """
    holds: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(case_ids), CHUNK):
        chunk = list(case_ids[start : start + CHUNK])
        for pk, decided, reported, key_out in _flags(chunk, since, today):
            for hold, holds_now in (
                (Hold.DECISION_EXPIRED, not decided),
                (Hold.REPORTED_AGAIN, reported),
                (Hold.KEY_OUT, key_out),
            ):
                if holds_now:
                    holds[pk].append(hold)
    return dict(holds)


def _flags(chunk: list[int], since: datetime, today: date) -> list[tuple[int, bool, bool, bool]]:
    # R4: as check_decisions: a decision valid (or expiring) today lets staff in.
    decided = CareDecision.objects.filter(client=OuterRef("client_id")).valid_on(today)
    reported = TimelineEntry.objects.filter(
        case=OuterRef("pk"), kind=EntryKind.REPORTED_AGAIN, at__gte=since, actor__isnull=False
    )
    # Loans are read through the relation the keys app declares (keys sits above
    # cases); a loan must exist, or the outer join's empty row would match.
    out = FaultCase.objects.filter(
        pk=OuterRef("pk"), key_loans__isnull=False, key_loans__returned_at__isnull=True
    )
    rows = (
        FaultCase.objects.filter(pk__in=chunk)
        .annotate(decided=Exists(decided), reported=Exists(reported), key_out=Exists(out))
        .values_list("pk", "decided", "reported", "key_out")
    )
    return list(rows)
