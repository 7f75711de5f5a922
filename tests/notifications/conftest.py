"""Fixtures for notifications: a real SMTP server, a real SMS gateway, helpers.

Time is passed in: NOW is a Monday morning in Stockholm, and the worker's steps
run with `drain(now)` at whatever moment a test wants, without sleeping.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.notifications.servers import SmsGateway, SmtpSink
from vredvakt.accounts.models import ContactDetails
from vredvakt.jobs.loop import drain
from vredvakt.notifications.models import Channel, Delivery, DeliveryStatus
from vredvakt.notifications.services import notify

NOW = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # Monday 10:00 in Stockholm

CASE = ("cases.faultcase", "17")
CASE_CONTEXT = {
    "public": {"unit": "Enhet Tumba", "what": "låset", "reported_at": NOW},
    "personal": {
        "client": "Karin Lund",
        "address": "Lundgatan 4, 147 30 Tumba",
        "description": "Dörren går inte att öppna.",
    },
    "path": "/cases/17/",
}
PERSONAL_WORDS = ("Karin", "Lund", "Lundgatan", "147 30", "Dörren")


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "vredvakt@kommun.test"
    yield sink
    sink.stop()


@pytest.fixture
def sms_gateway(settings: Any) -> Iterator[SmsGateway]:
    gateway = SmsGateway().start()
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_USER = SmsGateway.USER
    settings.SMS_GATEWAY_PASSWORD = SmsGateway.PASSWORD
    settings.SMS_SENDER = "Vredvakt"
    yield gateway
    gateway.stop()


def set_phone(user: User, phone: str) -> None:
    ContactDetails.objects.update_or_create(user=user, defaults={"phone": phone})
    user.refresh_from_db()


def case_opened(
    recipients: list[Any], now: datetime = NOW, subject: Any = CASE, **kwargs: Any
) -> list[Any]:
    return notify(
        recipients=recipients,
        template="case_opened",
        context=CASE_CONTEXT,
        subject=subject,
        now=now,
        **kwargs,
    )


def deliver(now: datetime) -> int:
    """The worker's delivery step, run until nothing more is due at `now`."""
    return drain(now, only={"notifications.deliver"})


def outbound(channel: str = Channel.EMAIL) -> Any:
    return Delivery.objects.filter(channel=channel)


def statuses(channel: str = Channel.EMAIL) -> list[str]:
    return list(outbound(channel).order_by("pk").values_list("status", flat=True))


def all_delivered(channel: str = Channel.EMAIL) -> bool:
    return set(statuses(channel)) == {DeliveryStatus.DELIVERED}
