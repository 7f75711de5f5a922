"""Kim, coordinator of Hemtjänst Norra, at the desk (R5, R7, R9, R14).

The desk flow itself runs in test_core_flow at every moment; here what a
coordinator meets beside it: a case that will not close while its key is out,
and the night patrol's message from the API.
"""

from tests.demo_day.browser import Api, Browser, sv
from tests.demo_day.flow import at, report_at_the_door, take_the_key
from tests.demo_day.municipality import door_of, doors_of


def test_a_case_does_not_close_while_its_key_is_out(tuesday_morning):
    door = door_of("norra")
    anna = Browser("anna")
    case_id, what_now = report_at_the_door(anna, door)
    take_the_key(anna, what_now, case_id, door, "unit_key")

    kim = Browser("kim")
    page = kim.get(f"/cases/{case_id}/")
    kim.submit(page, f"/cases/{case_id}/restore/")
    page = kim.get(f"/cases/{case_id}/")
    refused = kim.submit(page, f"/cases/{case_id}/close/", expect=409)
    assert sv("A key of this case is still out: return it first.") in refused.content.decode()
    # The desk offers it among "works again", the box greyed out until the key is back.
    desk = kim.get("/cases/")
    assert sv("a key is still out: return it first") in desk.text
    assert "case" not in dict(desk.form("/cases/close-restored/").fields)

    page = anna.get(f"/cases/{case_id}/")
    (back,) = [f.action for f in page.forms() if f.action.startswith("/keys/loans/")]
    anna.submit(page, back)
    desk = kim.get("/cases/")
    kim.submit(desk, "/cases/close-restored/", case=[case_id])
    assert anna.api().get(f"/cases/{case_id}")["status"] == "closed"
    # R14: Anna's start page asks her for the deviation report.
    assert anna.get("/").links_like(rf"/cases/{case_id}/(#.*)?")


def test_the_night_patrol_message_is_drafted_and_sent_over_the_api(tuesday_morning):
    first, second = doors_of("norra", 2)
    anna = Api.with_token("anna")
    cases = [
        anna.post("/cases", {"client": d.client.pk}, expect=201)["id"] for d in (first, second)
    ]
    kim = Api.with_token("kim")
    unit = first.client.unit_id
    draft = kim.get("/cases/night-patrol/draft", unit=unit)
    # R9: each client, the address, and the night/alarm key with its place (R2).
    assert [line["case_id"] for line in draft["lines"]] == cases
    for line, door in zip(draft["lines"], (first, second), strict=True):
        assert line["key"] == door.night_key.code
        assert line["key_place"].startswith("Orrens servicehus")
        assert door.night_key.hook in line["key_place"]
        assert door.client.street_address in line["address"]
    sent = kim.post("/cases/night-patrol/messages", {"unit": unit, "case_ids": cases}, expect=201)
    assert sorted(sent["case_ids"]) == sorted(cases)
    kim.post("/cases/night-patrol/messages", {"unit": unit, "case_ids": cases}, expect=409)
    # On time: sent at 09:30, the deadline was 17:00.
    for case_id in cases:
        steps = {s["code"]: s for s in kim.get(f"/cases/{case_id}")["steps"]}
        patrol = steps["message_night_patrol"]
        assert at(patrol["done_at"]) < at(patrol["due"])
    assert f"/cases/night-patrol/{unit}/" not in Browser("kim").get("/cases/").links()
