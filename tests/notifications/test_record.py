"""The delivery record of a case: who, which channel, queued, delivered, each failure."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import World
from tests.notifications.conftest import CASE, NOW, case_opened
from vredvakt.jobs.loop import drain
from vredvakt.notifications.models import AttemptOutcome, DeliveryStatus
from vredvakt.notifications.record import delivery_record


def test_the_record_shows_every_channel_with_its_attempts(world: World, smtp):
    smtp.stop()
    case_opened([world.kim])
    case_opened([world.anna], now=NOW, subject=None)  # another subject: not in this record
    drain(NOW)
    smtp.start()
    drain(NOW + timedelta(seconds=30))
    rows = delivery_record(CASE)
    assert [(r.recipient, r.channel, r.status) for r in rows] == [
        ("Kim", "email", DeliveryStatus.DELIVERED),
        ("Kim", "in_app", DeliveryStatus.DELIVERED),
    ]
    email = rows[0]
    assert email.queued_at == NOW
    assert email.delivered_at == NOW + timedelta(seconds=30)
    assert [a.outcome for a in email.attempts] == [
        AttemptOutcome.TEMPORARY_ERROR,
        AttemptOutcome.DELIVERED,
    ]
    assert "SMTP server unreachable" in email.attempts[0].error
    assert email.attempts[0].started_at == NOW


def test_the_record_includes_escalations_for_the_same_subject(world: World, smtp):
    world.kim.email = "kim@bounce.test"
    world.kim.save()
    case_opened([world.kim])
    drain(NOW)
    rows = delivery_record(CASE)
    kinds = {(r.recipient, r.kind) for r in rows}
    assert ("Ulla", "delivery_escalation") in kinds
    kim_email = next(r for r in rows if r.recipient == "Kim" and r.channel == "email")
    assert kim_email.escalation_note == "Eskalerat till Ulla."


def test_administrators_see_the_record_in_the_admin(world: World, smtp):
    case_opened([world.kim])
    drain(NOW)
    admin = User.objects.create_superuser("root", "root@vredvakt.test", "pw")
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/notifications/message/record/cases.faultcase/17/")
    assert response.status_code == 200
    assert "kim@vredvakt.test" in response.content.decode()


def test_failed_deliveries_can_be_filtered_in_the_admin(world: World, smtp):
    world.kim.email = "kim@bounce.test"
    world.kim.save()
    case_opened([world.kim, world.anna])
    drain(NOW)
    admin = User.objects.create_superuser("root", "root@vredvakt.test", "pw")
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/notifications/delivery/?attention=failed")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_the_message_admin_links_to_previews_failures_and_the_record(world: World, smtp):
    [message] = case_opened([world.kim])
    admin = User.objects.create_superuser("root", "root@vredvakt.test", "pw")
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/notifications/message/").content.decode()
    assert "/admin/notifications/message/previews/" in listing
    assert "/admin/notifications/delivery/?attention=failed" in listing
    page = client.get(f"/admin/notifications/message/{message.pk}/change/").content.decode()
    assert "/admin/notifications/message/record/cases.faultcase/17/" in page
