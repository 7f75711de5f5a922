"""Lars of the alarm group: the queue, acknowledge, troubleshoot, fixed (R8); then Kim (R7).

The queue page at every moment is in test_core_flow; here the same work from
the alarm group's own script with a bearer token, and what is not theirs.
"""

from tests.demo_day.browser import Api, Browser, sv
from tests.demo_day.municipality import door_of


def test_the_alarm_group_works_a_case_over_the_api_and_the_coordinator_confirms(
    tuesday_morning,
):
    door = door_of("norra")
    case_id = Api.with_token("anna").post("/cases", {"client": door.client.pk}, expect=201)["id"]
    kim = Api.with_token("kim")
    kim.post(f"/cases/{case_id}/inform-alarm-group")

    lars = Api.with_token("lars")
    assert case_id in [c["id"] for c in lars.get("/cases", status="open")["items"]]
    taken = lars.post(f"/cases/{case_id}/acknowledge")
    assert taken["alarm_acknowledged_at"] is not None
    lars.post(f"/cases/{case_id}/acknowledge", expect=409)  # once is enough
    note = {"text": "Bytt batteri, synkat om", "vendor_ticket": "PH-77812", "troubleshooting": True}
    assert lars.post(f"/cases/{case_id}/notes", note, expect=201)["kind"] == "troubleshooting"
    fixed = lars.post(f"/cases/{case_id}/fixed", {"note": "Fungerar vid test"})
    assert fixed["restore_proposed_at"] is not None and fixed["status"] == "open"
    assert fixed["vendor_ticket"] == "PH-77812"

    # R7: a person confirms: Kim's desk offers "Confirm: works again".
    desk = Browser("kim").get("/cases/")
    assert sv("Confirm: works again") in desk.text
    assert kim.post(f"/cases/{case_id}/restore")["status"] == "restored"
    assert kim.post(f"/cases/{case_id}/close")["status"] == "closed"
    assert case_id not in [c["id"] for c in lars.get("/cases", status="open")["items"]]


def test_the_alarm_group_does_not_do_the_coordinators_steps(tuesday_morning):
    door = door_of("norra")
    case_id = Api.with_token("anna").post("/cases", {"client": door.client.pk}, expect=201)["id"]
    lars = Api.with_token("lars")
    lars.post(f"/cases/{case_id}/inform-alarm-group", expect=403)
    lars.post(f"/cases/{case_id}/restore", expect=403)
    Browser("lars").get("/cases/", expect=403)  # the desk is the coordinators'
    # …and the care worker does not take the alarm group's.
    Api.with_token("anna").post(f"/cases/{case_id}/acknowledge", expect=403)
