"""Erik, coordinator at Omsorgshuset AB, a private provider: his own clients, no one else's.

Another unit's client, case or key is "not found" (404) to him on every page
and every API endpoint, so he cannot even learn that it exists.
"""

from tests.demo_day.browser import Api, Browser
from tests.demo_day.municipality import door_of


def test_the_private_provider_works_its_own_clients(tuesday_morning):
    door = door_of("omsorgshuset")
    erik = Browser("erik")
    case = erik.api().post("/cases", {"client": door.client.pk}, expect=201)
    assert case["key_guidance"]["key"]["place"] == "Nyckelskåpet Omsorgshuset AB"
    desk = erik.get("/cases/")
    assert f"/cases/{case['id']}/" in desk.links()


def test_the_private_provider_does_not_see_other_units_clients(tuesday_morning):
    norra = door_of("norra")
    lindgarden = door_of("lindgarden")
    case = Api.with_token("anna").post("/cases", {"client": norra.client.pk}, expect=201)
    erik = Browser("erik")
    api = erik.api()
    for door in (norra, lindgarden):
        erik.get(f"/clients/{door.client.pk}/", expect=404)
        erik.get("/cases/report/", expect=404, client=door.client.pk)
        erik.get(f"/keys/{door.unit_key.pk}/", expect=404)
        api.get(f"/clients/{door.client.pk}", expect=404)
        api.get(f"/keys/{door.night_key.pk}", expect=404)
        api.post("/cases", {"client": door.client.pk}, expect=404)
        api.post("/key-loans", {"key": door.unit_key.pk, "reason": "x"}, expect=404)
        assert str(door.client) not in erik.get("/clients/", q=door.client.last_name).text
    erik.get(f"/cases/{case['id']}/", expect=404)
    api.get(f"/cases/{case['id']}", expect=404)
    assert case["id"] not in [c["id"] for c in api.get("/cases")["items"]]
    assert f"/cases/{case['id']}/" not in erik.get("/cases/").links()
