"""Anna, care worker in Hemtjänst Norra, at a door that will not open (R1, R3–R6).

The page flow is in test_core_flow; here the same report from a script with a
bearer token, and the door that stays shut because the care decision expired.
"""

from django.test import Client as HttpClient

from tests.demo_day.browser import Api, Browser, sv
from tests.demo_day.municipality import door_of, expired_client_of
from vredvakt.clients.models import CareDecision


def test_a_report_over_the_api_says_which_key_to_fetch_and_where(tuesday_morning):
    door = door_of("norra")
    api = Api.with_token("anna")
    report = {
        "client": door.client.pk,
        "kind": "lock",
        "note": "Blinkar rött",
        "idempotency_key": "d1",
    }
    case = api.post("/cases", report, expect=201)
    assert case["joined"] is False
    assert (case["mode"], case["shift"], case["status"]) == ("weekday", "day", "open")
    # R1: by day the unit key, on its hook in the unit's cabinet.
    assert case["key_guidance"] == {
        "key_kind": "unit_key",
        "key": {
            "code": door.unit_key.code,
            "hook": door.unit_key.hook,
            "place": "Nyckelskåpet Hemtjänst Norra",
        },
    }
    assert case["routine_version"] == "2025:1"  # R16: the renewal in force since 2025-12-21
    assert case["timeline"][0]["text"] == "Blinkar rött"  # R6: her words, as she wrote them
    # A retry on a weak connection joins the first report instead of opening another.
    again = api.post("/cases", report, expect=200)
    assert (again["id"], again["joined"]) == (case["id"], True)
    assert api.get(f"/cases/{case['id']}")["key_guidance"] == case["key_guidance"]
    assert [c["id"] for c in api.get("/cases", status="open")["items"]] == [case["id"]]


def test_the_api_asks_for_a_token_or_a_session(tuesday_morning):
    door = door_of("norra")
    nobody = Api(HttpClient(enforce_csrf_checks=True), "nobody")
    nobody.post("/cases", {"client": door.client.pk}, expect=401)
    nobody.get("/cases", expect=401)


def test_a_lock_that_refuses_because_the_decision_expired_says_so_and_tells_the_assessor(
    tuesday_morning,
):
    client = expired_client_of("norra")
    ended = CareDecision.objects.filter(client=client).latest("valid_until").valid_until
    anna = Browser("anna")
    form = anna.get("/cases/report/", q=client.last_name)
    sent = anna.submit(form, "/cases/report/", client=client.pk)
    what_now = anna.follow(sent)
    # R4: not a technical fault; she still gets the key.
    expired = sv(
        "The decision expired %(date)s — the lock does not open; "
        "the coordinator contacts the needs assessor"
    )
    assert expired % {"date": ended.isoformat()} in what_now.text
    case_id = int(sent["Location"].split("/")[2])
    case = anna.api().get(f"/cases/{case_id}")
    assert case["decision"] == {
        "access_revoked": True,
        "expires_on": None,
        "expired_on": ended.isoformat(),
    }

    # Hanna, the needs assessor, has a message naming the client, linking to the case.
    hanna = Browser("hanna")
    inbox = hanna.get("/messages/")
    (message,) = inbox.links_like(r"/messages/\d+/")
    read = hanna.get(message)
    assert str(client) in read.text and ended.isoformat() in read.text
    assert f"/cases/{case_id}/" in read.links()
    hanna.get(f"/cases/{case_id}/")

    # Kim ticks "contacted the needs assessor" on the case (R4).
    kim = Browser("kim")
    assert sv("Care decision expired → contact the needs assessor") in kim.get("/cases/").text
    page = kim.get(f"/cases/{case_id}/")
    kim.submit(page, f"/cases/{case_id}/steps/contact_needs_assessor/done/")
    assert sv("Decision expired: the needs assessor is contacted") in kim.get("/cases/").text
