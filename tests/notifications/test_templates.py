"""Every template renders in Swedish and English; previews in the admin."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.notifications.conftest import PERSONAL_WORDS
from vredvakt.notifications.kinds import KINDS
from vredvakt.notifications.rendering import render
from vredvakt.notifications.samples import SAMPLES

PERSONAL_SAMPLE_WORDS = ("Karin", "Bengt", "Storgatan", "Ekvägen", *PERSONAL_WORDS)


def test_every_kind_has_a_sample():
    assert set(SAMPLES) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_renders_in_swedish_and_english_without_personal_data_outside(kind):
    sv = render(kind, SAMPLES[kind], language="sv", personal_channels=frozenset())
    en = render(kind, SAMPLES[kind], language="en", personal_channels=frozenset())
    assert sv.title and sv.in_app and sv.email_text and sv.sms
    assert sv.title != en.title
    assert "{{" not in sv.email_text + sv.sms + sv.in_app
    for text in (sv, en):
        public = text.title + text.email_subject + text.email_text + text.email_html + text.sms
        for word in PERSONAL_SAMPLE_WORDS:
            assert word not in public, (kind, word)
    personal = SAMPLES[kind].personal
    if personal:
        assert any(word in sv.in_app for word in PERSONAL_SAMPLE_WORDS), kind


def test_sms_texts_fit_in_two_sms_parts():
    for kind, sample in SAMPLES.items():
        text = render(kind, sample, language="sv", personal_channels=frozenset())
        assert len(text.sms) <= 306, kind


def test_the_night_patrol_message_lists_clients_and_keys_in_the_app():
    text = render(
        "night_patrol_message",
        SAMPLES["night_patrol_message"],
        language="sv",
        personal_channels=frozenset(),
    )
    assert "- Karin Lund, Storgatan 4: nyckel N-1, Orrens servicehus, krok N14" in text.in_app
    assert "Logga in i Vredvakt" in text.email_text


def test_text_is_not_html_escaped_in_plain_text():
    sample = SAMPLES["outage_update"]
    from vredvakt.notifications.rendering import MessageContext

    ctx = MessageContext(public={**sample.public, "status": "Tele & nät: felsöker <nu>"})
    text = render("outage_update", ctx, language="sv", personal_channels=frozenset())
    assert "Tele & nät: felsöker <nu>" in text.email_text
    assert "Tele &amp; nät" in text.email_html


@pytest.mark.django_db
def test_the_admin_shows_previews_of_every_template():
    admin = User.objects.create_superuser("root", "root@vredvakt.test", "pw")
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/notifications/message/previews/")
    assert response.status_code == 200
    page = response.content.decode()
    for kind in KINDS:
        assert f'id="{kind}"' in page
    assert "Stort driftstopp: 48 lås ur funktion" in page
    assert "Major outage: 48 locks out of order" in page


@pytest.mark.django_db
def test_previews_are_for_staff_only(world):
    client = Client()
    client.force_login(world.kim)
    response = client.get("/admin/notifications/message/previews/")
    assert response.status_code == 302


def test_the_major_outage_mail_says_when_a_vendors_platform_is_suspected():
    text = render(
        "major_outage", SAMPLES["major_outage"], language="sv", personal_channels=frozenset()
    )
    assert "Alla lås från Phoniro tystnade samtidigt" in text.email_text  # R17
