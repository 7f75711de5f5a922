"""Who owns a case's deviation report (R14): every case has someone.

The routine asks the staff member who found the fault. A case opened by
telemetry (R17) has no reporter: the first person who confirmed the fault at
the door (reported it again) owns it; when nobody did, the unit's coordinators.
"""

from django.contrib.auth.models import User

from vredvakt.cases.models import FaultCase
from vredvakt.cases.services.timeline import EntryKind


def deviation_owner(case: FaultCase) -> User | None:
    """The one person who owns it; None: the coordinators of the case's unit."""
    if case.opened_by_id is not None:
        return case.opened_by
    confirmed = (
        case.timeline.filter(kind=EntryKind.REPORTED_AGAIN, actor__isnull=False)
        .select_related("actor")
        .order_by("at", "pk")
        .first()
    )
    return confirmed.actor if confirmed is not None else None
