"""Nils of the night patrol at 23:30 on a Tuesday: tonight's broken lock and its night key (R2).

The product has no out-of-hours mode yet (issue #12, R10b): what the night
patrol may report or must be told at night is not asserted here, only what
works today.
"""

from tests.demo_day.browser import Api, Browser, sv
from tests.demo_day.flow import at, shows_key
from tests.demo_day.moments import local
from tests.demo_day.municipality import door_of


def test_at_night_the_patrol_sees_the_broken_lock_and_takes_its_night_key(tuesday_night):
    door = door_of("norra")
    case = Api.with_token("anna").post("/cases", {"client": door.client.pk}, expect=201)
    assert (case["shift"], case["key_guidance"]["key"]["code"]) == ("night", door.night_key.code)

    nils = Browser("nils")
    home = nils.get("/")
    assert sv("Tonight") in home.text and "17:00" in home.text
    # The night patrol visits every unit's clients, so it sees every unit's cases.
    assert case["id"] in [c["id"] for c in nils.api().get("/cases", status="open")["items"]]
    page = nils.get(f"/cases/{case['id']}/")
    shows_key(page, door.night_key)
    assert "Orrens servicehus" in page.text

    # R2, R5: he signs the night key out on the case; it is due back when the night ends.
    back = nils.submit(page, "/keys/sign-out/")
    assert back["Location"] == f"/cases/{case['id']}/"
    (loan,) = nils.api().get("/key-loans", open=True)["items"]
    assert loan["key"]["code"] == door.night_key.code
    assert at(loan["due_back_at"]) == local(2026, 12, 9, 7, 0)
    assert door.night_key.code in nils.get("/keys/").text

    # Not his: the coordinators' desk.
    nils.get("/cases/", expect=403)


def test_at_night_a_lock_reported_by_day_shows_the_night_patrol_its_night_key(tuesday_morning):
    door = door_of("norra")
    case = Api.with_token("anna").post("/cases", {"client": door.client.pk}, expect=201)
    assert case["key_guidance"]["key"]["code"] == door.unit_key.code  # R1 by day
    tuesday_morning.move_to(local(2026, 12, 8, 23, 30))
    nils = Browser("nils")
    page = nils.get(f"/cases/{case['id']}/")
    shows_key(page, door.night_key)
    assert dict(page.form("/keys/sign-out/").fields)["key"] == str(door.night_key.pk)
