"""The worker's escalation step: messages that reached nobody in time go up (item 2)."""

from vredvakt.jobs.loop import Tick, due_work
from vredvakt.notifications.models import Message
from vredvakt.notifications.services import message_escalate

BATCH_SIZE = 50


@due_work("notifications.escalate")
def escalate_due(tick: Tick) -> int:
    due = (
        Message.objects.unreached()
        .filter(escalate_at__lte=tick.now, escalated_at__isnull=True)
        .select_related("recipient", "recipient_unit")
        .order_by("escalate_at", "pk")[:BATCH_SIZE]
    )
    done = 0
    for message in due:
        if tick.stopping():
            break
        done += message_escalate(message=message, now=tick.moment())
        tick.progress()
    return done
