"""What the reporter is told about the coordinator (R3): that a message went, and when it was read.

"The coordinator knows" would claim what nobody knows: Vredvakt knows only
that it queued a message, and, once someone opened it in Vredvakt, who and when.
"""

from dataclasses import dataclass
from datetime import datetime

from vredvakt.cases.models import FaultCase
from vredvakt.jobs.services import subject_ref
from vredvakt.lib.names import person_name
from vredvakt.notifications.models import Message


@dataclass(frozen=True)
class Told:
    at: datetime
    read_at: datetime | None = None
    read_by: str = ""


def coordinator_told(case: FaultCase) -> Told | None:
    """When the coordinators were told of the case, and the first reading; None: not told."""
    subject_type, subject_id = subject_ref(case)
    messages = Message.objects.filter(
        kind="case_opened", subject_type=subject_type, subject_id=subject_id
    )
    first = messages.order_by("created_at", "pk").first()
    if first is None:
        return None  # e.g. a major outage's case: the outage's messages stand for it (R11)
    read = (
        messages.filter(read_at__isnull=False)
        .select_related("recipient")
        .order_by("read_at", "pk")
        .first()
    )
    if read is None or read.read_at is None:
        return Told(first.created_at)
    reader = person_name(read.recipient) if read.recipient else str(read.recipient_unit)
    return Told(first.created_at, read.read_at, reader)
