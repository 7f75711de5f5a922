"""The core flow of a lock fault, role by role, as each person does it on their pages.

Anna (care worker) reports at the door, takes the spare key and brings it
back; Kim (coordinator) works the desk; Nils (night patrol) reads the message;
Lars (alarm group) takes the case and fixes it; Kim confirms and closes; Anna
files the deviation. Each step asserts what that person sees; `Expected` says
what the routine (R1–R10) wants at the moment the fault is reported.
"""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.core import mail
from django.utils import dateformat, timezone, translation

from tests.demo_day.browser import Browser, Page, sv
from tests.demo_day.moments import Expected, wall_clock
from tests.demo_day.municipality import Door
from vredvakt.jobs.loop import drain
from vredvakt.keys.models import Key
from vredvakt.routine.clock import STOCKHOLM

WEEKEND_BADGE = "Weekend or holiday"


def at(value: str | None) -> datetime:
    """A time from the API, as a UTC instant (see moments.local)."""
    assert value is not None
    return datetime.fromisoformat(value).astimezone(UTC)


def shows_key(page: Page, key: Key) -> None:
    """R1/R2: the key's code, its hook and its place, as the keybox prints them."""
    assert key.storage is not None
    text = page.text
    assert key.code in text, f"{key.code} not on {page.url}"
    after = text.split(key.code, 1)[1][:120]
    assert key.hook in after and key.storage.name in after, after


# Anna at the door (R3, R6, R1/R2, R5)


def report_at_the_door(anna: Browser, door: Door) -> tuple[int, Page]:
    home = anna.get("/")
    assert "/cases/report/" in home.links()
    # She finds the client by the id on the lock, then sends the report.
    form = anna.get("/cases/report/", q=door.lock.vendor_lock_id)
    assert str(door.client) in form.text
    sent = anna.submit(form, "/cases/report/", client=door.client.pk, note="Låset piper rött")
    match = re.fullmatch(r"/cases/(\d+)/reported/", sent["Location"])
    assert match, sent["Location"]
    return int(match.group(1)), anna.follow(sent)


def what_now_shows_the_key(
    what_now: Page, door: Door, expected: Expected, opened: datetime
) -> None:
    key = door.key(expected.key_kind)
    shows_key(what_now, key)
    assert key.storage is not None and key.storage.address in what_now.text
    label = "Unit key" if expected.shift == "day" else "Night/alarm key"
    assert sv(label) in what_now.text
    # "The coordinator has been told (at 09:30)": the wall clock, also on a daylight-saving night.
    assert f"{wall_clock(opened)})" in what_now.text
    # R10, R10b: on a day off or out of hours she is asked to tell the night patrol now.
    assert (sv("Weekend: tell the night patrol now") in what_now.text) == expected.weekend
    out_of_hours = sv("After office hours: tell the night patrol now")
    assert (out_of_hours in what_now.text) == (expected.mode == "out_of_hours")


def take_the_key(anna: Browser, what_now: Page, case_id: int, door: Door, kind: str) -> Page:
    """R5: "I have taken the key" on the same page; she gets a card to bring it back."""
    form = what_now.form("/keys/sign-out/")
    assert dict(form.fields)["key"] == str(door.key(kind).pk)  # the shift's key, nothing else
    back = anna.submit(what_now, "/keys/sign-out/")
    assert back["Location"] == f"/cases/{case_id}/reported/"
    page = anna.follow(back)
    assert any(re.fullmatch(r"/keys/loans/\d+/return/", f.action) for f in page.forms())
    return page


def bring_the_key_back(anna: Browser, case_id: int) -> None:
    page = anna.get(f"/cases/{case_id}/")
    returns = [f.action for f in page.forms() if re.fullmatch(r"/keys/loans/\d+/return/", f.action)]
    assert len(returns) == 1, returns
    anna.submit(page, returns[0])
    after = anna.get(f"/cases/{case_id}/")
    assert not any(re.fullmatch(r"/keys/loans/\d+/return/", f.action) for f in after.forms())


def tell_the_night_patrol_from_the_door(anna: Browser, what_now: Page, case_id: int) -> None:
    """R10, R10b: one tap on a day off or out of hours."""
    sent = anna.submit(what_now, f"/cases/{case_id}/night-patrol/")
    assert sent["Location"] == f"/cases/{case_id}/reported/"
    assert not anna.follow(sent).has_form(f"/cases/{case_id}/night-patrol/")


def the_case_over_the_api(anna: Browser, case_id: int, door: Door, expected: Expected) -> None:
    case = anna.api().get(f"/cases/{case_id}")
    current = anna.api().get("/routine-versions/current")
    assert case["routine_version"] == current["code"]  # R16: the version in force
    assert (case["mode"], case["shift"], case["status"]) == (expected.mode, expected.shift, "open")
    key = door.key(expected.key_kind)
    assert key.storage is not None
    assert case["key_guidance"] == {
        "key_kind": expected.key_kind,
        "key": {"code": key.code, "hook": key.hook, "place": key.storage.name},
    }
    steps = {step["code"]: step for step in case["steps"]}
    assert at(steps["message_night_patrol"]["due"]) == expected.night_patrol_due
    assert at(steps["alarm_group_act"]["due"]) == expected.alarm_group_due
    # The report told the coordinator and documented the fault (R3, R6); the key is out (R5).
    for code in ("notify_coordinator", "document_fault", "check_care_decision", "fetch_key"):
        assert steps[code]["done_at"] is not None, code
    # R10, R10b: on a day off or out of hours the report itself messages the alarm group.
    assert (steps["inform_alarm_group"]["done_at"] is not None) == expected.staff_on_site


# Kim at the desk (R8, R9)


def desk_shows_the_case(kim: Browser, case_id: int, door: Door, expected: Expected) -> Page:
    desk = kim.get("/cases/")
    assert f"/cases/{case_id}/" in desk.links()
    assert str(door.client) in desk.text and door.client.street_address in desk.text
    due = expected.night_patrol_due
    if not expected.staff_on_site and wall_clock(due) == "17:00" and timezone.now() < due:
        # R9: "Deadline at 17:00 – in 7 h 30 min" on the unit's night patrol panel.
        deadline = sv("Deadline %(when)s – %(left)s") % {
            "when": spoken(due),
            "left": "",
        }
        assert deadline in desk.text
    return desk


def inform_the_alarm_group(kim: Browser, desk: Page, case_id: int, expected: Expected) -> None:
    inform = f"/cases/{case_id}/inform-alarm-group/"
    if expected.staff_on_site:
        assert not desk.has_form(inform)  # R10, R10b: it went with the report
        return
    assert kim.submit(desk, inform)["Location"] == "/cases/"
    assert not kim.get("/cases/").has_form(inform)


def message_the_night_patrol(kim: Browser, door: Door, expected: Expected) -> None:
    compose = f"/cases/night-patrol/{door.client.unit_id}/"
    desk = kim.get("/cases/")
    if expected.staff_on_site:
        assert compose not in desk.links()  # Anna told them from the door
        return
    assert compose in desk.links()
    page = kim.get(compose)
    assert str(door.client) in page.text
    shows_key(page, door.night_key)  # R2: the night patrol uses the night/alarm key
    assert kim.submit(page, compose)["Location"] == "/cases/"
    assert compose not in kim.get("/cases/").links()


# Nils of the night patrol


def night_patrol_reads_the_message(nils: Browser, door: Door) -> None:
    home = nils.get("/")
    assert "17:00" in home.text  # "coordinators send you the locks … no later than 17:00"
    inbox = nils.get("/messages/")
    (message_link,) = inbox.links_like(r"/messages/\d+/")
    message = nils.get(message_link)
    assert str(door.client) in message.text
    assert door.client.street_address in message.text
    assert door.night_key.code in message.text and "Orrens servicehus" in message.text


# Lars of the alarm group (R8, R10)


def alarm_group_sees_it(lars: Browser, case_id: int, expected: Expected) -> None:
    queue = lars.get("/cases/alarm/")
    assert f"/cases/{case_id}/" in queue.links()
    later_section = sv("Next working day (%(count)s)") % {"count": 1}
    assert (later_section in queue.text) == expected.staff_on_site
    if expected.staff_on_site:
        # R10: "Due next working day, tomorrow at 08:00" (or "Mon 7 Dec at 08:00").
        due = sv("Due next working day, %(when)s") % {"when": spoken(expected.alarm_group_due)}
        assert due in queue.text


def spoken(moment: datetime) -> str:
    """A time as the pages say it from the frozen "now" (UX.md: "i morgon kl. 08:00")."""
    wall = moment.astimezone(STOCKHOLM)
    days = (wall.date() - datetime.now(STOCKHOLM).date()).days
    clock = wall.strftime("%H:%M")
    if days == 0:
        return sv("at %(time)s") % {"time": clock}
    if days == 1:
        return sv("tomorrow at %(time)s") % {"time": clock}
    with translation.override("sv"):
        day = dateformat.format(wall, "D j b")
    return sv("%(day)s at %(time)s") % {"day": day, "time": clock}


def alarm_group_fixes_it(lars: Browser, case_id: int) -> None:
    queue = lars.get("/cases/alarm/")
    assert lars.submit(queue, f"/cases/{case_id}/acknowledge/")["Location"] == "/cases/alarm/"
    queue = lars.get("/cases/alarm/")
    assert not queue.has_form(f"/cases/{case_id}/acknowledge/")
    fixed = lars.submit(queue, f"/cases/{case_id}/fixed/", note="Nytt batteri")
    assert fixed["Location"] == "/cases/alarm/"


# Kim confirms and closes (R7, R5, R14)


def confirm_and_close(kim: Browser, case_id: int) -> None:
    page = kim.get(f"/cases/{case_id}/")
    kim.submit(page, f"/cases/{case_id}/restore/", note="Öppnar igen")
    page = kim.get(f"/cases/{case_id}/")
    closed = kim.submit(page, f"/cases/{case_id}/close/")
    assert closed["Location"] == f"/cases/{case_id}/"


def file_the_deviation(anna: Browser, case_id: int) -> None:
    """R14: once closed, the reporter is asked for the deviation report."""
    page = anna.get(f"/cases/{case_id}/")
    assert sv("Report the deviation") in page.text
    anna.submit(page, f"/cases/{case_id}/deviation/", reference="AVV-2026-0042")


def all_done(anna: Browser, case_id: int) -> dict[str, Any]:
    case = anna.api().get(f"/cases/{case_id}")
    assert case["status"] == "closed"
    assert [s["code"] for s in case["steps"] if s["done_at"] is None] == []
    return case


# The worker, as `scripts/start` runs it beside the web server (R3, R10)


def the_worker_tells_the_coordinator(door: Door, expected: Expected) -> None:
    """One tick of the worker: the coordinator hears at once (R3), out of hours by
    email when their day starts (R10b); on a day off or out of hours the alarm group
    too (R10). By email, with no name or address in it (no channel is cleared for
    personal data in the demo's routine)."""
    drain(timezone.now())
    told = emailed()
    assert ("kim@vredby.example" in told) == (expected.mode != "out_of_hours")
    assert ("lars@vredby.example" in told) == expected.staff_on_site
    for email in mail.outbox:
        assert str(door.client) not in email.body
        assert door.client.street_address not in email.body


def emailed() -> set[str]:
    return {address for email in mail.outbox for address in email.to}


class People:
    """The demo's personas at their browsers, each signed in once on the login page.

    After the clock jumps to another day their sessions are old; `new_day` has
    everyone sign in again, as they would.
    """

    def __init__(self) -> None:
        self.browsers: dict[str, Browser] = {}

    def __getitem__(self, username: str) -> Browser:
        if username not in self.browsers:
            self.browsers[username] = Browser(username)
        return self.browsers[username]

    def signed_in(self, username: str) -> Browser:
        """The person's browser, signed in without the login page if not yet there."""
        if username not in self.browsers:
            self.browsers[username] = Browser(username, login_page=False)
        return self.browsers[username]

    def new_day(self) -> None:
        self.browsers.clear()


def pages_of_every_role(case_id: int) -> dict[str, tuple[str, ...]]:
    """Each persona's home page and the pages of their main work, with a case open."""
    case = f"/cases/{case_id}/"
    return {
        "anna": ("/", "/cases/report/", "/keys/", "/messages/", case),
        "kim": ("/", "/cases/", case, "/clients/", "/keys/places/"),
        "ulla": ("/", "/cases/", "/outages/", "/keys/health/", "/locks/fleet/"),
        "hanna": ("/", "/clients/"),
        "lars": ("/", "/cases/alarm/", "/locks/fleet/", "/keys/health/", case),
        "lena": ("/", "/outages/"),
        "nils": ("/", "/messages/", case),
        "olof": ("/", "/outages/", "/keys/health/", "/locks/fleet/", "/cases/"),
        "adam": ("/", "/admin/", "/import/", "/cases/"),
        "erik": ("/", "/cases/"),
    }


def every_page_answers(people: People, case_id: int) -> None:
    """No server error anywhere, for anyone; and each person's pages are theirs (200)."""
    for username, urls in pages_of_every_role(case_id).items():
        for url in urls:
            people.signed_in(username).get(url)
    for username in ("anna", "kim", "lars", "nils", "olof"):
        api = people.signed_in(username).api()
        assert api.get("/cases", status="open")["count"] >= 1
        api.get(f"/cases/{case_id}")
    # Erik works for a private provider: Norra's case is not his to see (404).
    people.signed_in("erik").get(f"/cases/{case_id}/", expect=404)
    people.signed_in("erik").api().get(f"/cases/{case_id}", expect=404)


def work_the_case(
    door: Door,
    expect: Callable[[datetime], Expected],
    *,
    next_working_day: Callable[[datetime], None] | None = None,
) -> dict[str, Any]:
    """The whole flow. `expect` gives the routine's answer for the moment the case opened;
    `next_working_day` moves the clock there before the alarm group acts on a day off."""
    people = People()
    anna = people["anna"]
    case_id, what_now = report_at_the_door(anna, door)
    opened = at(anna.api().get(f"/cases/{case_id}")["opened_at"])
    expected = expect(opened)
    the_worker_tells_the_coordinator(door, expected)
    what_now_shows_the_key(what_now, door, expected, opened)
    what_now = take_the_key(anna, what_now, case_id, door, expected.key_kind)
    if expected.staff_on_site:
        tell_the_night_patrol_from_the_door(anna, what_now, case_id)
    the_case_over_the_api(anna, case_id, door, expected)
    detail = anna.get(f"/cases/{case_id}/")
    assert (sv(WEEKEND_BADGE) in detail.text) == expected.weekend
    assert (sv("Out of hours") in detail.text) == (expected.mode == "out_of_hours")
    bring_the_key_back(anna, case_id)

    kim = people["kim"]
    desk = desk_shows_the_case(kim, case_id, door, expected)
    inform_the_alarm_group(kim, desk, case_id, expected)
    message_the_night_patrol(kim, door, expected)
    night_patrol_reads_the_message(people["nils"], door)
    alarm_group_sees_it(people["lars"], case_id, expected)
    every_page_answers(people, case_id)

    if expected.staff_on_site and next_working_day is not None:
        next_working_day(expected.alarm_group_due)
        drain(timezone.now())  # R10: the alarm group's step is due
        assert "kim@vredby.example" in emailed()  # R10b: by now the coordinator's day began
        people.new_day()
    alarm_group_fixes_it(people["lars"], case_id)
    confirm_and_close(people["kim"], case_id)
    file_the_deviation(people["anna"], case_id)
    return all_done(people["anna"], case_id)
