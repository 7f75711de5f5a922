"""What every figure shares: its signature, and the fault cases of a period."""

from collections.abc import Callable, Sequence
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vredvakt.cases.models import CaseKind, FaultCase
from vredvakt.outages.models import OutageCause

Units = Sequence[int]
Value = str | int | float | None
Row = tuple[Value, ...]
Figure = Callable[[Units, datetime, datetime, datetime], list[Row]]

# A major outage suspected to be the network or the vendor's platform: the lock itself works.
NETWORK_CAUSES = (OutageCause.NETWORK, OutageCause.PLATFORM)


def cases_opened(units: Units, start: datetime, end: datetime) -> QuerySet[FaultCase]:
    """The units' fault cases opened in [start, end)."""
    return FaultCase.objects.filter(unit_id__in=units, opened_at__gte=start, opened_at__lt=end)


class Cause:
    LOCK = "lock"
    APP = "app"
    NETWORK = "network"
    EXPIRED_DECISION = "expired_decision"
    OTHER = "other"

    ORDER = (LOCK, APP, NETWORK, EXPIRED_DECISION, OTHER)


def cause_of(case: FaultCase, outage_cause: str | None) -> str:
    """One cause per case, the first that holds:

    an expired care decision (R4: the lock works, access was revoked); a major
    outage suspected to be the network or the vendor's platform (R11); the app;
    the lock; something else.
    """
    if case.access_revoked:
        return Cause.EXPIRED_DECISION
    if outage_cause in NETWORK_CAUSES:
        return Cause.NETWORK
    if case.kind == CaseKind.APP:
        return Cause.APP
    if case.kind == CaseKind.LOCK:
        return Cause.LOCK
    return Cause.OTHER


def cause_label(cause: str) -> str:
    labels = {
        Cause.LOCK: _("The lock"),
        Cause.APP: _("The app"),
        Cause.NETWORK: _("Network or vendor platform"),
        Cause.EXPIRED_DECISION: _("Expired care decision"),
        Cause.OTHER: _("Something else"),
    }
    return labels[cause]


def with_causes(cases: QuerySet[FaultCase]) -> list[tuple[FaultCase, str]]:
    """The cases with their cause, read in one query."""
    rows = cases.select_related("major_outage", "lock").order_by("opened_at", "pk")
    return [(c, cause_of(c, c.major_outage.cause if c.major_outage else None)) for c in rows]


def lock_label(vendor: str | None, model: str | None) -> str:
    if not vendor:
        return _("No lock")
    return f"{vendor} {model}".strip()


def area_label(area: str | None) -> str:
    return area or _("No area")
