"""Email through a real SMTP server (aiosmtpd): content, privacy, errors, back-off."""

from datetime import date, timedelta

from tests.conftest import World
from tests.notifications.conftest import (
    NOW,
    PERSONAL_WORDS,
    all_delivered,
    case_opened,
    deliver,
    outbound,
)
from vredvakt.notifications.models import AttemptOutcome, DeliveryStatus, Message
from vredvakt.notifications.transports.email import message_id
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion


def allow_personal_data_by(*channels: str) -> None:
    params = RoutineParameters(personal_data_channels=channels)
    RoutineVersion.objects.create(
        code="2026:1",
        title="Elektroniska låsvred ur funktion",
        decided_by="Socialnämnden",
        decided_on=date(2026, 1, 10),
        valid_from=date(2026, 1, 15),
        valid_until=date(2030, 1, 9),
        owner="Verksamhetschef",
        parameters=params.to_json(),
    )


def test_the_coordinator_gets_an_email_saying_what_happened_with_a_link(world: World, smtp):
    [message] = case_opened([world.kim])
    assert deliver(NOW) == 1
    [mail] = smtp.messages()
    assert mail.to == ["kim@vredvakt.test"]
    assert mail.subject == "Vredvakt: Nytt ärende på Enhet Tumba"
    assert "Kl. 10:00 rapporterade en medarbetare på Enhet Tumba" in mail.text
    assert "http://127.0.0.1:8000/cases/17/" in mail.text
    assert 'href="http://127.0.0.1:8000/cases/17/"' in mail.html
    assert all_delivered()
    delivery = message.deliveries.get(channel="email")
    assert mail.message_id == message_id(delivery) == f"<{delivery.key}@kommun.test>"
    assert delivery.delivered_at == NOW


def test_email_carries_no_client_name_or_address_by_default(world: World, smtp):
    [message] = case_opened([world.kim])
    deliver(NOW)
    [mail] = smtp.messages()
    for word in PERSONAL_WORDS:
        assert word not in mail.subject + mail.text + mail.html
    # The details are in Vredvakt, behind login.
    assert "Karin Lund, Lundgatan 4" in Message.objects.get(pk=message.pk).body


def test_email_names_the_client_when_the_routine_version_allows_email(world: World, smtp):
    allow_personal_data_by("email")
    case_opened([world.kim])
    deliver(NOW)
    [mail] = smtp.messages()
    assert "Karin Lund, Lundgatan 4" in mail.text
    assert "Karin" not in mail.subject  # subjects show on lock screens: never personal


def test_it_renders_in_the_recipients_language(world: World, smtp):
    from vredvakt.notifications.services import preferences_save

    preferences_save(user=world.kim, language="en", channels={}, now=NOW)
    case_opened([world.kim])
    deliver(NOW)
    [mail] = smtp.messages()
    assert mail.subject == "Vredvakt: New fault case at Enhet Tumba"
    assert "At 10:00 a care worker at Enhet Tumba reported" in mail.text


def test_a_refused_mailbox_is_a_permanent_error_and_is_not_retried(world: World, smtp):
    world.kim.email = "kim@bounce.test"
    world.kim.save()
    case_opened([world.kim])
    deliver(NOW)
    delivery = outbound().get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error.startswith("recipient refused: 550")
    assert delivery.attempts == 1
    assert deliver(NOW + timedelta(hours=2)) == 0
    assert outbound().get().attempts == 1
    assert smtp.count() == 0


def test_a_4xx_answer_is_retried_later(world: World, smtp):
    world.kim.email = "kim@busy.test"
    world.kim.save()
    case_opened([world.kim])
    deliver(NOW)
    delivery = outbound().get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.due_at == NOW + timedelta(seconds=30)
    assert "451" in delivery.last_error


def test_back_off_doubles_from_30_seconds_up_to_15_minutes(world: World, smtp):
    smtp.stop()
    case_opened([world.kim])
    now = NOW
    waits = []
    for _ in range(8):
        assert deliver(now) == 1
        delivery = outbound().get()
        waits.append(delivery.due_at - now)
        assert deliver(delivery.due_at - timedelta(seconds=1)) == 0  # not before it is due
        now = delivery.due_at
    assert waits == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480, 900, 900, 900)]
    attempts = outbound().get().attempt_log.all()
    assert [a.outcome for a in attempts] == [AttemptOutcome.TEMPORARY_ERROR] * 8
    assert "SMTP server unreachable" in attempts[0].error


def test_a_server_that_cannot_be_reached_fails_the_rest_of_the_batch_fast(world, smtp):
    smtp.stop()
    case_opened([world.kim, world.ulla, world.anna, world.hanna])
    assert deliver(NOW) == 4
    errors = set(outbound().values_list("last_error", flat=True))
    assert len(errors) == 1  # one connection attempt, not one timeout per message
