"""Every state change of notifications: queue, read, choose channels, escalate."""

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from vredvakt.accounts.models import Unit
from vredvakt.audit.services import audit_record
from vredvakt.jobs.services import Subject, subject_ref
from vredvakt.notifications.contacts import address_for, escalation_targets, phone_of
from vredvakt.notifications.kinds import Kind, kind_of
from vredvakt.notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Message,
    NotificationPreferences,
)
from vredvakt.notifications.recipients import Recipient, resolve
from vredvakt.notifications.rendering import MessageContext, Rendered, render
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.in_force import routine_in_force


def escalation_delay() -> timedelta:
    return timedelta(minutes=getattr(settings, "NOTIFY_ESCALATION_MINUTES", 15))


def routine_parameters(now: datetime) -> RoutineParameters:
    return routine_in_force(now)[1]


def notify(
    *,
    recipients: Iterable[Recipient],
    template: str,
    context: Mapping[str, Any] | MessageContext,
    subject: Subject = None,
    now: datetime,
    escalation_of: Message | None = None,
    deliver_at: datetime | None = None,
) -> list[Message]:
    """Queue `template` for every recipient: in-app at once, email/SMS for the worker.

    Runs inside the caller's transaction, so the messages exist exactly when the
    change that caused them does. The text is rendered here, once: a retry after
    a crash can never send a different message. `deliver_at` holds email and SMS
    back until the recipients are at work (#12), and their escalation with them.
    """
    kind = kind_of(template)
    ctx = MessageContext.of(context)
    resolved = resolve(recipients)
    send = Sending(now, max(now, deliver_at) if deliver_at else now)
    prefs = {p.user_id: p for p in NotificationPreferences.objects.filter(user__in=resolved.users)}
    plans = [_plan_for_user(user, prefs.get(user.pk), kind, send) for user in resolved.users]
    plans += [_plan_for_unit(unit, kind, send) for unit in resolved.units]
    personal_channels = frozenset(routine_parameters(now).personal_data_channels)
    texts: dict[str, Rendered] = {}
    subject_type, subject_id = subject_ref(subject)
    for message, deliveries in plans:
        if message.language not in texts:  # one rendering per language, not per person
            texts[message.language] = render(
                kind.code, ctx, language=message.language, personal_channels=personal_channels
            )
        text = texts[message.language]
        message.subject_type, message.subject_id = subject_type, subject_id
        message.title, message.body, message.link = text.title, text.in_app, ctx.path
        message.escalation_of = escalation_of
        message.escalation_depth = escalation_of.escalation_depth + 1 if escalation_of else 0
        message.escalate_at = _escalate_at(deliveries, send.due)
        for delivery in deliveries:
            _fill(delivery, text)
    return _save(plans)


Plan = tuple[Message, list[Delivery]]


@dataclass(frozen=True)
class Sending:
    now: datetime  # when the message is written
    due: datetime  # when email and SMS go out (#12: not before the recipient is at work)


def _plan_for_user(
    user: User, pref: NotificationPreferences | None, kind: Kind, send: Sending
) -> Plan:
    chosen = pref.channels.get(kind.code) if pref else None
    # A channel the routine requires or the person chose must show up, even
    # without an address; one that is only a default is skipped quietly.
    insist = configured(kind.required | frozenset(chosen or ()))
    outbound = _outbound(
        configured(kind.channels(chosen)), insist, email=user.email, phone=phone_of(user), send=send
    )
    language = pref.language if pref else settings.LANGUAGE_CODE
    message = Message(recipient=user, kind=kind.code, language=language, created_at=send.now)
    in_app = _delivery(Channel.IN_APP, user.get_username(), send.now, delivered=True)
    return message, [in_app, *outbound]


def _plan_for_unit(unit: Unit, kind: Kind, send: Sending) -> Plan:
    # A unit's shared mailbox/phone gets what the kind sends by default, if it has one.
    channels = configured(kind.channels(None))
    outbound = _outbound(channels, frozenset(), email=unit.email, phone=unit.phone, send=send)
    language = settings.LANGUAGE_CODE
    message = Message(recipient_unit=unit, kind=kind.code, language=language, created_at=send.now)
    return message, outbound


def _save(plans: list[Plan]) -> list[Message]:
    with transaction.atomic():
        messages = Message.objects.bulk_create([message for message, _ in plans])
        for message, deliveries in plans:
            for delivery in deliveries:
                delivery.message = message
        Delivery.objects.bulk_create([d for _, deliveries in plans for d in deliveries])
    return messages


def configured(channels: frozenset[str]) -> frozenset[str]:
    """Without an SMS gateway (SMS_GATEWAY_URL empty) SMS becomes email (.env.example)."""
    if settings.SMS_GATEWAY_URL or "sms" not in channels:
        return channels
    return (channels - {"sms"}) | {"email"}


def _delivery(
    channel: str,
    address: str,
    now: datetime,
    *,
    due: datetime | None = None,
    delivered: bool = False,
) -> Delivery:
    return Delivery(
        channel=channel,
        address=address,
        key=uuid.uuid4(),
        created_at=now,
        due_at=due or now,
        status=DeliveryStatus.DELIVERED if delivered else DeliveryStatus.PENDING,
        delivered_at=now if delivered else None,
    )


def _outbound(
    channels: frozenset[str], insist: frozenset[str], *, email: str, phone: str, send: Sending
) -> list[Delivery]:
    deliveries = []
    for channel in sorted(channels):
        address = address_for(channel, email=email, phone=phone)
        if address.error and not address.value and channel not in insist:
            continue
        delivery = _delivery(channel, address.value, send.now, due=send.due)
        if address.error:
            # No way to send on a channel the person chose or the routine requires:
            # record it as failed now, so it shows and escalates (nothing to retry).
            delivery.status = DeliveryStatus.FAILED
            delivery.failed_at = send.now
            delivery.last_error = address.error
        deliveries.append(delivery)
    return deliveries


def _escalate_at(deliveries: list[Delivery], now: datetime) -> datetime | None:
    outbound = [d for d in deliveries if d.channel != Channel.IN_APP]
    if not outbound:
        return None  # in-app only, by the person's own choice: nothing to escalate
    if all(d.status == DeliveryStatus.FAILED for d in outbound):
        return now  # no working channel at all: tell the manager at once
    return now + escalation_delay()


def _fill(delivery: Delivery, text: Rendered) -> None:
    if delivery.channel == Channel.EMAIL:
        delivery.subject_line, delivery.text, delivery.html = (
            text.email_subject,
            text.email_text,
            text.email_html,
        )
    elif delivery.channel == Channel.SMS:
        delivery.text = text.sms
    else:
        delivery.subject_line, delivery.text = text.title, text.in_app


def message_mark_read(*, message: Message, user: User, now: datetime) -> bool:
    with transaction.atomic():
        # Reading it is proof the person got it: no escalation is needed any more.
        changed = Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
        if changed:
            audit_record(actor=user, action="notification.read", obj=message, via="web", now=now)
    return bool(changed)


def messages_mark_all_read(*, user: User, now: datetime) -> int:
    return Message.objects.for_user(user.pk).unread().update(read_at=now)


def preferences_save(
    *, user: User, language: str, channels: dict[str, list[str]], now: datetime
) -> NotificationPreferences:
    """Store the person's choice; channels the routine requires are always kept."""
    cleaned = {code: sorted(kind_of(code).channels(chosen)) for code, chosen in channels.items()}
    with transaction.atomic():
        prefs, _ = NotificationPreferences.objects.update_or_create(
            user=user, defaults={"language": language, "channels": cleaned}
        )
        audit_record(
            actor=user,
            action="notification.preferences",
            obj=prefs,
            via="web",
            detail={"language": language, "channels": cleaned},
            now=now,
        )
    return prefs


def message_escalate(*, message: Message, now: datetime) -> bool:
    """Tell the recipient's manager that `message` did not get through (recorded)."""
    with transaction.atomic():
        # Claim by marking: whoever sets escalated_at first does the escalation.
        claimed = (
            Message.objects.filter(pk=message.pk, escalated_at__isnull=True)
            .unreached()
            .update(escalated_at=now)
        )
        if not claimed:
            return False
        targets, note = escalation_targets(
            message.recipient, message.recipient_unit, message.escalation_depth
        )
        # The escalation belongs to the same case or outage, so it shows in its record.
        subject = (message.subject_type, message.subject_id) if message.subject_type else None
        if targets:
            notify(
                recipients=targets,
                template="delivery_escalation",
                context=_escalation_context(message),
                subject=subject,
                now=now,
                escalation_of=message,
            )
        Message.objects.filter(pk=message.pk).update(escalation_note=note)
        audit_record(
            actor=None,
            action="notification.escalated",
            obj=message,
            via="worker",
            detail={"to": [user.pk for user in targets], "note": note},
            now=now,
        )
    return True


def _escalation_context(message: Message) -> MessageContext:
    errors = (
        message.deliveries.exclude(last_error="")
        .order_by("-failed_at", "-id")
        .values_list("last_error", flat=True)
    )
    return MessageContext(
        public={
            "recipient": message.recipient_name,
            "kind": kind_of(message.kind).label,
            "title": message.title,
            "queued_at": message.created_at,
            "error": errors.first() or "",
        },
        path=message.link,
    )
