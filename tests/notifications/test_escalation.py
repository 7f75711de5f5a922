"""A message that reaches nobody within N minutes goes to the recipient's manager."""

from datetime import timedelta

from tests.conftest import World
from tests.notifications.conftest import NOW, case_opened
from vredvakt.audit.models import AuditEntry
from vredvakt.jobs.loop import drain
from vredvakt.notifications.models import Message
from vredvakt.notifications.services import message_mark_read


def escalations_to(user) -> list[Message]:
    return list(Message.objects.filter(recipient=user, kind="delivery_escalation"))


def test_after_15_minutes_undelivered_the_unit_manager_is_told(world: World, smtp):
    smtp.stop()
    [message] = case_opened([world.kim])
    drain(NOW)
    drain(NOW + timedelta(minutes=14, seconds=59))
    assert escalations_to(world.ulla) == []
    drain(NOW + timedelta(minutes=15))
    [escalation] = escalations_to(world.ulla)
    assert escalation.escalation_of == message
    assert escalation.title == "Inte levererat: meddelande till Kim"
    assert "SMTP server unreachable" in escalation.body
    message.refresh_from_db()
    assert message.escalated_at == NOW + timedelta(minutes=15)
    assert message.escalation_note == "Eskalerat till Ulla."
    assert AuditEntry.objects.filter(action="notification.escalated", object_id=message.pk).exists()


def test_the_delay_is_a_setting(world: World, smtp, settings):
    settings.NOTIFY_ESCALATION_MINUTES = 5
    smtp.stop()
    case_opened([world.kim])
    drain(NOW)
    drain(NOW + timedelta(minutes=5))
    assert len(escalations_to(world.ulla)) == 1


def test_a_manager_without_a_working_contact_is_passed_over_for_the_operations_manager(
    world: World, smtp
):
    world.ulla.email = ""
    world.ulla.save()
    world.kim.email = "kim@bounce.test"
    world.kim.save()
    [message] = case_opened([world.kim])
    drain(NOW)
    assert escalations_to(world.ulla) == []
    [escalation] = escalations_to(world.olof)
    message.refresh_from_db()
    assert message.escalation_note == (
        "Ulla: inget fungerande sätt att nå. Eskalerat till verksamhetschefen Olof."
    )
    assert escalation.escalation_depth == 1


def test_a_permanent_error_on_every_channel_escalates_at_once(world: World, smtp):
    world.kim.email = "kim@bounce.test"
    world.kim.save()
    [message] = case_opened([world.kim])
    drain(NOW)  # delivery fails for good, escalation follows in the same run
    assert len(escalations_to(world.ulla)) == 1
    [mail] = smtp.messages()
    assert mail.to == ["ulla@vredvakt.test"]
    assert "Kim" in mail.subject
    assert "550" in mail.text


def test_a_message_read_in_vredvakt_is_not_escalated(world: World, smtp):
    smtp.stop()
    [message] = case_opened([world.kim])
    drain(NOW)
    message_mark_read(message=message, user=world.kim, now=NOW + timedelta(minutes=3))
    drain(NOW + timedelta(minutes=30))
    assert escalations_to(world.ulla) == []


def test_a_delivered_email_stops_the_escalation(world: World, smtp):
    case_opened([world.kim])
    drain(NOW)
    drain(NOW + timedelta(minutes=30))
    assert escalations_to(world.ulla) == []


def test_an_escalation_that_fails_too_goes_to_the_operations_manager_and_stops(world: World, smtp):
    smtp.stop()
    case_opened([world.kim])
    drain(NOW)
    drain(NOW + timedelta(minutes=15))  # to Ulla; her email cannot go out either
    drain(NOW + timedelta(minutes=30))  # Ulla's escalation to Olof
    assert len(escalations_to(world.olof)) == 1
    drain(NOW + timedelta(minutes=45))  # Olof's is not delivered either: nobody above him
    [to_olof] = escalations_to(world.olof)
    assert to_olof.escalation_note == "Det finns ingen över verksamhetschefen att eskalera till."
    assert Message.objects.count() == 3


def test_a_unit_mailbox_that_fails_escalates_to_that_units_managers(world: World, smtp):
    from vredvakt.notifications.services import notify

    world.tumba.email = "tumba@bounce.test"
    world.tumba.save()
    notify(
        recipients=[world.tumba],
        template="outage_update",
        context={"public": {"count": 3, "at": NOW}},
        now=NOW,
    )
    drain(NOW)
    assert len(escalations_to(world.ulla)) == 1
