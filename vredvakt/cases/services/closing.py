"""Closing many cases that work again at once: the coordinator after a major outage (R7, R5, R14).

Each case closes as it would on its own page (case_close, one transaction
each): a case with a key still out is refused and stays, the others close, and
each closed case asks its reporter for the deviation report (R14).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, QuerySet

from vredvakt.accounts.access import AnyUser
from vredvakt.cases.access import can_coordinate
from vredvakt.cases.errors import CaseError
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.services.lifecycle import case_close


@dataclass(frozen=True)
class Refusal:
    case: FaultCase
    reason: str


@dataclass
class Closing:
    closed: list[FaultCase] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def restored_to_close(user: AnyUser, cases: QuerySet[FaultCase]) -> list[FaultCase]:
    """The cases that work again and that `user` may close, with `key_out` set, oldest first."""
    # Loans are read through the relation the keys app declares (keys sits above cases).
    # A loan must exist: on its own, returned_at IS NULL also matches the outer join's
    # empty row of a case that never had a loan.
    out = FaultCase.objects.filter(
        pk=OuterRef("pk"), key_loans__isnull=False, key_loans__returned_at__isnull=True
    )
    restored = (
        cases.filter(status=CaseStatus.RESTORED)
        .annotate(key_out=Exists(out))
        .select_related("client", "unit")
        .order_by("restored_at", "pk")
    )
    return [case for case in restored if can_coordinate(user, case)]


def cases_close_many(
    *, cases: list[FaultCase], by: AbstractBaseUser, now: datetime, via: str = "web"
) -> Closing:
    result = Closing()
    for case in cases:
        try:
            case_close(case=case, by=by, now=now, via=via)
        except CaseError as refused:
            result.refused.append(Refusal(case, refused.message))
        else:
            result.closed.append(case)
    return result
