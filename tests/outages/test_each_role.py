"""#13: the major outage as each role that takes part in it sees it (R11, R12, R13).

Tumba's coordinator Kim and care worker Anna see a banner with their unit's
count; Kim's desk shows the outage's cases as one block; the leader Maja sees
the locks; every count of the outage comes from one place, so the page and the
email say the same; "send to all" and ending the outage show the email and its
recipients first.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client as HttpClient

from tests.conftest import World
from tests.notifications.servers import SmtpSink
from tests.outages.conftest import NOW, deliver, make_area, minutes, work
from vredvakt.notifications.models import Message
from vredvakt.outages.models import MajorOutage


@pytest.fixture
def outage(world: World, maja: User, alvar: User) -> MajorOutage:
    make_area("Storby", 12, world.tumba, silent_at=NOW)
    make_area("Storby", 5, world.alby, silent_at=NOW, prefix="AL")
    work(NOW)
    return MajorOutage.objects.get()


def signed_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.mark.parametrize("who", ["kim", "anna"])
def test_those_at_an_affected_unit_see_their_units_count_on_home(
    world: World, outage: MajorOutage, who: str
) -> None:
    page = signed_in(getattr(world, who)).get("/").content.decode()
    assert "12 av er enhets lås är ur funktion" in page  # Tumba's 12, not Alby's 5
    assert f"/outages/{outage.pk}/clients/?unit={world.tumba.pk}" in page
    # #12: rule ids are for documentation, not for care workers' and coordinators' screens.
    assert not re.search(r"\(R\d+", page)


def test_another_unit_sees_only_its_own_part(world: World, outage: MajorOutage) -> None:
    http = signed_in(world.otto)  # Alby: 5 of its locks are in it, so Otto sees Alby's part
    page = http.get("/").content.decode()
    assert "5 av er enhets lås är ur funktion" in page
    assert f"?unit={world.tumba.pk}" not in page


def test_the_desk_groups_the_outages_cases_under_one_block(
    world: World, outage: MajorOutage
) -> None:
    page = signed_in(world.kim).get("/cases/").content.decode()
    assert page.count('class="outage-block"') == 1
    assert "12 av er enhets lås är ur funktion" in page
    assert "Visa dess 12 ärenden" in page
    assert f"/outages/{outage.pk}/clients/?unit={world.tumba.pk}" in page


def test_the_leader_sees_every_lock_of_the_fleet(
    world: World, outage: MajorOutage, maja: User
) -> None:
    http = signed_in(maja)
    # The world's two locks and the outage's 17; before #13 her home said "no locks".
    assert "19 lås är registrerade" in http.get("/").content.decode()
    assert "Storby0" not in http.get("/locks/fleet/").content.decode()  # no client names
    assert "ST-0" in http.get("/locks/fleet/").content.decode()
    assert "ST-0" in http.get("/locks/").content.decode()


def test_the_count_on_the_page_is_the_one_in_the_email(
    world: World, outage: MajorOutage, maja: User, smtp: SmtpSink
) -> None:
    http = signed_in(maja)
    page = http.get(f"/outages/{outage.pk}/").content.decode()
    on_page = re.search(r"(\d+) ur funktion", page)
    assert on_page is not None and on_page.group(1) == "17"
    assert http.post(f"/outages/{outage.pk}/notify/").status_code == 302
    deliver(NOW + minutes(1))
    email = Message.objects.filter(kind="major_outage", recipient=world.ulla).get()
    assert f"{on_page.group(1)} lås" in email.body
    assert any(f"{on_page.group(1)} lås" in m.part("text/plain") for m in smtp.messages())


def test_the_leader_reads_the_email_and_its_recipients_before_sending(
    world: World, outage: MajorOutage, maja: User
) -> None:
    http = signed_in(maja)
    detail = http.get(f"/outages/{outage.pk}/").content.decode()
    assert f"/outages/{outage.pk}/notify/preview/" in detail
    preview = http.get(f"/outages/{outage.pk}/notify/preview/").content.decode()
    assert "17 lås" in preview
    assert "Ulla" in preview and "Olof" in preview and "Nils" in preview
    assert f'action="/outages/{outage.pk}/notify/"' in preview
    assert not Message.objects.filter(kind="major_outage", recipient=world.ulla).exists()
    assert signed_in(world.kim).get(f"/outages/{outage.pk}/notify/preview/").status_code == 403


def test_the_leader_reads_the_last_email_before_ending_the_outage(
    world: World, outage: MajorOutage, maja: User
) -> None:
    http = signed_in(maja)
    http.post(f"/outages/{outage.pk}/notify/")
    preview = http.get(f"/outages/{outage.pk}/restore/preview/", {"note": "Nätet är lagat."})
    text = preview.content.decode()
    assert "Nätet är lagat." in text and "Ulla" in text
    assert 'name="note" value="Nätet är lagat."' in text
    outage.refresh_from_db()
    assert outage.is_open  # nothing happens until the POST
    assert (
        http.post(f"/outages/{outage.pk}/restore/", {"note": "Nätet är lagat."}).status_code == 302
    )
    outage.refresh_from_db()
    assert not outage.is_open
