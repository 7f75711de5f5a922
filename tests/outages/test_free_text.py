"""What the leader writes stays in Vredvakt unless the routine allows it by email (R12, R13, R16).

A status update and the note of the "back" email go to every unit manager,
external providers' shared mailboxes too. Whatever the text says (the probe
names a client, her address and her door code), the email only says that
something is waiting and links to the outage page; the text itself is in the
in-app message, behind login. Only a routine version in force that lists
email in `personal_data_channels` lets it into the email.
"""

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client as HttpClient

from tests.conftest import World
from tests.notifications.servers import Received, SmtpSink
from tests.outages.conftest import NOW, deliver, jobs, make_area, minutes, work
from tests.outages.test_access import API, post_json, signed_in
from vredvakt.notifications.models import Message
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import outage_notify_managers
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion

PROBE = "Karin Lund på Lundgatan 4 har portkod 4711; grannen släppte in oss."
PROBE_WORDS = ("Karin", "Lundgatan", "4711", "grannen")
SITE = "https://vredvakt.kommun.test"
# Every unit manager (Maja leads), the operations manager, and Alby's shared mailbox:
# Alby is an external provider (R12). And the night patrol, who works the doors at night (#12).
EVERYONE = ["alby@privat.test", "alvar", "maja", "nils", "olof", "ulla"]
STAYS = "Texten stannar i Vredvakt"
GOES_BY_EMAIL = "går med e-post till alla enhetschefer"


@pytest.fixture
def outage(world: World, maja: User, alvar: User, smtp: SmtpSink, settings: Any) -> MajorOutage:
    settings.SITE_URL = SITE
    world.alby.email = "alby@privat.test"
    world.alby.save()
    make_area("Storby", 12, world.tumba, silent_at=NOW)
    work(NOW)
    outage = MajorOutage.objects.get()
    outage_notify_managers(outage=outage, by=maja, now=NOW + minutes(5))
    deliver(NOW + minutes(5))
    return outage


def at(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def send_update(maja: User, outage: MajorOutage, when: datetime) -> None:
    with at(when):
        answer = post_json(signed_in(maja), f"{API}/{outage.pk}/updates", {"text": PROBE})
    assert answer.status_code == 200, answer.content
    deliver(when)


def mails_since(smtp: SmtpSink, before: int, subject: str) -> list[Received]:
    return [mail for mail in smtp.messages()[before:] if subject in mail.subject]


def addressed(mails: list[Received]) -> list[str]:
    return sorted(a.removesuffix("@vredvakt.test") for mail in mails for a in mail.to)


def link_for(mail: Received, outage: MajorOutage) -> str:
    """The outage page; the night patrol has none and goes to tonight's list (#12)."""
    if mail.to == ["nils@vredvakt.test"]:
        return f"{SITE}/cases/tonight/"
    return f"{SITE}/outages/{outage.pk}/"


def leaked(mails: list[Received]) -> list[tuple[list[str], str]]:
    return [
        (mail.to, word)
        for mail in mails
        for word in PROBE_WORDS
        if word in mail.subject + mail.text + mail.html
    ]


def newest_in_app(user: User) -> str:
    """The person's newest outage message, opened in Vredvakt as they would."""
    message = Message.objects.filter(recipient=user, kind="outage_update").latest("pk")
    http = HttpClient()
    http.force_login(user)
    return http.get(f"/messages/{message.pk}/").content.decode()


def outage_page(maja: User, outage: MajorOutage, when: datetime) -> str:
    with at(when):
        return signed_in(maja).get(f"/outages/{outage.pk}/").content.decode()


def test_an_update_through_the_api_reaches_no_mailbox_only_a_link_to_it(
    outage: MajorOutage, maja: User, alvar: User, smtp: SmtpSink
) -> None:
    before = smtp.count()
    send_update(maja, outage, NOW + minutes(30))
    mails = mails_since(smtp, before, "Lägesrapport")
    assert addressed(mails) == EVERYONE
    assert leaked(smtp.messages()) == []
    for mail in mails:
        assert "Ledaren har skrivit en lägesrapport" in mail.text
        assert link_for(mail, outage) in mail.text
        assert f'href="{link_for(mail, outage)}"' in mail.html
    # Behind login the manager of the external unit reads it, as written.
    assert PROBE in newest_in_app(alvar)


def test_the_restore_note_from_the_page_reaches_no_mailbox_only_a_link_to_it(
    outage: MajorOutage, maja: User, alvar: User, smtp: SmtpSink
) -> None:
    page = outage_page(maja, outage, NOW + minutes(89))
    before = smtp.count()
    with at(NOW + minutes(90)):
        answer = signed_in(maja).post(f"/outages/{outage.pk}/restore/", {"note": PROBE})
    assert answer.status_code == 302
    jobs(NOW + minutes(91))  # its cases go back to their coordinators, with their own emails
    deliver(NOW + minutes(91))
    back = mails_since(smtp, before, "Låsen fungerar igen")
    assert addressed(back) == EVERYONE  # R13: the "back" email, once
    assert leaked(smtp.messages()) == []
    for mail in back:
        assert "Ledaren har skrivit en kommentar" in mail.text
        assert link_for(mail, outage) in mail.text
    assert PROBE in newest_in_app(alvar)
    assert STAYS in page  # the form told the leader so before the note was written


def test_a_routine_that_allows_personal_data_by_email_lets_the_text_into_the_email(
    world: World, outage: MajorOutage, maja: User, smtp: SmtpSink
) -> None:
    before = smtp.count()
    send_update(maja, outage, NOW + minutes(30))  # under 2024:1, which allows no channel
    assert leaked(mails_since(smtp, before, "Lägesrapport")) == []

    # R16: the municipality decides a version allowing email; from its first day it decides.
    allowing = replace(RoutineParameters(), personal_data_channels=("email",))
    RoutineVersion.objects.create(
        code="2026:1",
        title=world.routine.title,
        decided_by="Socialnämnden",
        decided_on=date(2026, 3, 1),
        valid_from=date(2026, 3, 11),
        valid_until=date(2030, 12, 31),
        owner=world.routine.owner,
        replaces=world.routine,
        parameters=allowing.to_json(),
    )
    next_day = NOW + minutes(24 * 60)
    page = outage_page(maja, outage, next_day)
    assert GOES_BY_EMAIL in page and STAYS not in page
    before = smtp.count()
    send_update(maja, outage, next_day)
    mails = mails_since(smtp, before, "Lägesrapport")
    assert addressed(mails) == EVERYONE
    assert all(PROBE in mail.text for mail in mails)
