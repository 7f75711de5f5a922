"""The delivery record of a case or outage: who was told, how, when, and what failed."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from vredvakt.jobs.services import Subject, subject_ref
from vredvakt.notifications.models import Delivery, DeliveryAttempt, Message


@dataclass(frozen=True)
class AttemptRow:
    started_at: datetime
    finished_at: datetime
    outcome: str
    error: str
    worker_id: str


@dataclass(frozen=True)
class RecordRow:
    message_id: int
    kind: str
    recipient: str
    channel: str
    address: str
    queued_at: datetime
    delivered_at: datetime | None
    status: str
    attempts: list[AttemptRow]
    read_at: datetime | None
    escalated_at: datetime | None
    escalation_note: str
    escalation_of: int | None


def delivery_record(subject: Subject) -> list[RecordRow]:
    """One row per message and channel, oldest first, each with its attempts."""
    subject_type, subject_id = subject_ref(subject)
    messages = (
        Message.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .select_related("recipient", "recipient_unit")
        .prefetch_related(
            Prefetch(
                "deliveries",
                queryset=Delivery.objects.order_by("channel").prefetch_related(
                    Prefetch("attempt_log", queryset=DeliveryAttempt.objects.order_by("started_at"))
                ),
            )
        )
        .order_by("created_at", "pk")
    )
    return [
        _row(message, delivery) for message in messages for delivery in message.deliveries.all()
    ]


def _row(message: Message, delivery: Delivery) -> RecordRow:
    return RecordRow(
        message_id=message.pk,
        kind=message.kind,
        recipient=message.recipient_name,
        channel=delivery.channel,
        address=delivery.address,
        queued_at=delivery.created_at,
        delivered_at=delivery.delivered_at,
        status=delivery.status,
        attempts=[
            AttemptRow(a.started_at, a.finished_at, a.outcome, a.error, a.worker_id)
            for a in delivery.attempt_log.all()
        ],
        read_at=message.read_at,
        escalated_at=message.escalated_at,
        escalation_note=message.escalation_note,
        escalation_of=message.escalation_of_id,
    )
