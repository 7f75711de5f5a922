"""The in-app inbox: my messages, the unread count in the header, mark as read (POST)."""

from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.notifications.conftest import case_opened
from vredvakt.audit.models import AuditEntry
from vredvakt.notifications.context_processors import inbox
from vredvakt.notifications.models import Message


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_inbox_lists_only_my_messages(world: World):
    case_opened([world.kim])
    case_opened([world.ulla])
    response = signed_in(world.kim).get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert list(response.context["inbox_messages"]) == list(
        Message.objects.filter(recipient=world.kim)
    )
    assert "Nytt ärende på Enhet Tumba" in response.content.decode()


def test_the_header_shows_the_unread_count(world: World, rf):
    case_opened([world.kim])
    case_opened([world.kim])
    request = rf.get("/")
    request.user = world.kim
    assert inbox(request) == {"inbox_url": "/messages/", "inbox_unread": 2}
    page = signed_in(world.kim).get(reverse("notifications:inbox")).content.decode()
    assert "Meddelanden (2)" in page


def test_nobody_signed_in_gets_no_inbox_in_the_header(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert inbox(request) == {}


def test_the_message_page_shows_the_details_behind_login_and_logs_the_read(world: World):
    [message] = case_opened([world.kim])
    response = signed_in(world.kim).get(reverse("notifications:detail", args=[message.pk]))
    assert "Karin Lund, Lundgatan 4" in response.content.decode()
    assert AuditEntry.objects.filter(action="notification.view", actor=world.kim).exists()


def test_marking_as_read_needs_a_post(world: World):
    [message] = case_opened([world.kim])
    client = signed_in(world.kim)
    url = reverse("notifications:mark_read", args=[message.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.read_at is not None


def test_mark_all_as_read(world: World):
    case_opened([world.kim])
    case_opened([world.kim])
    signed_in(world.kim).post(reverse("notifications:mark_all_read"))
    assert not Message.objects.filter(recipient=world.kim, read_at__isnull=True).exists()


def test_the_outsider_cannot_see_or_mark_someone_elses_message(world: World):
    [message] = case_opened([world.kim])
    otto = signed_in(world.otto)
    assert otto.get(reverse("notifications:detail", args=[message.pk])).status_code == 404
    assert otto.post(reverse("notifications:mark_read", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_signed_out_visitors_are_sent_to_login(world: World):
    response = Client().get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_preferences_page_saves_choices_and_keeps_required_channels(world: World):
    client = signed_in(world.nils)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Krävs av rutinen" in page
    response = client.post(
        reverse("notifications:preferences"),
        {"language": "en", "kind_case_opened": ["email"], "kind_night_patrol_message": []},
    )
    assert response.status_code == 302
    prefs = world.nils.notification_preferences
    assert prefs.language == "en"
    assert prefs.channels["case_opened"] == ["email"]
    assert prefs.channels["night_patrol_message"] == ["sms"]  # R9 requires SMS
    assert prefs.channels["deadline_reminder"] == []
