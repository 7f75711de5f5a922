"""Who sees and leads a major outage, on the pages and through /api/v1/outages.

Outside the outage's audience (the night patrol; care workers and coordinators
whose unit has no case in it, like the outsider Otto): 404, the same as for an
outage that does not exist. Care workers and coordinators whose unit is in it
see their unit's part (#13). Seen but not one's to do:
403. Neither changes anything.
"""

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client as HttpClient

from tests.conftest import World
from tests.outages.conftest import NOW, make_area, work
from vredvakt.audit.models import AuditEntry
from vredvakt.outages.models import MajorOutage, OutageEntry

API = "/api/v1/outages"


@pytest.fixture
def outage(world: World, maja: User, alvar: User) -> MajorOutage:
    make_area("Storby", 12, world.tumba, silent_at=NOW)
    make_area("Lillby", 3, world.alby, silent_at=NOW, prefix="LI")
    make_area("Lillby", 40, world.alby, silent_at=NOW.replace(hour=20), prefix="OK")
    work(NOW)
    return MajorOutage.objects.get()


def signed_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def post_json(http: HttpClient, path: str, body: Any) -> Any:
    return http.post(path, json.dumps(body), content_type="application/json")


def state(outage: MajorOutage) -> tuple[Any, ...]:
    outage.refresh_from_db()
    # Reads and sign-ins (signed_in() signs in) are not changes.
    changes = (
        AuditEntry.objects.exclude(action="client.read").exclude(action__startswith="auth.").count()
    )
    return (
        outage.managers_notified_at,
        outage.status,
        outage.deviation_reported_at,
        OutageEntry.objects.count(),
        MajorOutage.objects.count(),
        changes,
    )


PAGES = ["/outages/", "/outages/{pk}/", "/outages/{pk}/clients/", "/outages/declare/"]
ACTIONS = ["notify", "update", "restore", "deviation"]


@pytest.fixture
def elsewhere(world: World, maja: User, request: pytest.FixtureRequest) -> MajorOutage:
    """An outage in the other unit than the one the person works in."""
    unit = world.alby if request.param in ("anna", "kim") else world.tumba
    make_area("Storby", 12, unit, silent_at=NOW)
    work(NOW)
    return MajorOutage.objects.get()


@pytest.mark.parametrize("elsewhere", ["otto", "anna", "kim", "nils"], indirect=True)
def test_those_outside_the_outage_get_404_everywhere(
    world: World, elsewhere: MajorOutage, request: pytest.FixtureRequest
) -> None:
    outage = elsewhere
    who = request.node.callspec.params["elsewhere"]
    http = signed_in(getattr(world, who))
    before = state(outage)
    for page in PAGES:
        assert http.get(page.format(pk=outage.pk)).status_code == 404, page
    for action in ACTIONS:
        answer = http.post(f"/outages/{outage.pk}/{action}/", {"text": "x", "reference": "x"})
        assert answer.status_code == 404, action
    assert (
        http.post("/outages/declare/", {"description": "x", "all_locks": "on"}).status_code == 404
    )
    assert http.get(API).status_code == 404
    assert http.get(f"{API}/{outage.pk}").status_code == 404
    assert post_json(http, API, {"description": "x", "areas": ["Storby"]}).status_code == 404
    assert post_json(http, f"{API}/{outage.pk}/notify", {}).status_code == 404
    assert state(outage) == before


@pytest.mark.parametrize("who", ["anna", "kim"])
def test_those_at_an_affected_unit_see_their_units_part_and_may_not_lead(
    world: World, outage: MajorOutage, who: str
) -> None:
    http = signed_in(getattr(world, who))
    before = state(outage)
    assert http.get("/outages/").status_code == 200
    page = http.get(f"/outages/{outage.pk}/").content.decode()
    assert "Enhet Tumba" in page and "Enhet Alby" not in page
    clients = http.get(f"/outages/{outage.pk}/clients/?unit={world.alby.pk}").content.decode()
    assert "Storby0" in clients and "Lillby" not in clients  # only their own unit's clients
    listed = http.get(API)  # the API lists the outage their unit is part of, as the page does
    assert [o["id"] for o in listed.json()["items"]] == [outage.pk]
    assert http.get(f"{API}/{outage.pk}").json()["figures"]["cases"] == 15
    assert post_json(http, f"{API}/{outage.pk}/notify", {}).status_code == 403
    for action in ("notify", "update", "restore"):
        assert http.post(f"/outages/{outage.pk}/{action}/", {"text": "x"}).status_code == 403
    assert http.get("/outages/declare/").status_code == 403
    assert state(outage) == before
    reads = AuditEntry.objects.filter(action="client.read", actor=getattr(world, who))
    assert reads.count() == 12  # each client shown is logged


def test_a_unit_manager_sees_the_outage_but_may_not_lead_or_declare_it(
    world: World, outage: MajorOutage
) -> None:
    http = signed_in(world.ulla)
    before = state(outage)
    page = http.get(f"/outages/{outage.pk}/")
    assert page.status_code == 200
    assert "Enhet Tumba" in page.content.decode()
    for action in ("notify", "update", "restore"):
        assert http.post(f"/outages/{outage.pk}/{action}/", {"text": "x"}).status_code == 403
    assert http.get("/outages/declare/").status_code == 403
    assert post_json(http, f"{API}/{outage.pk}/notify", {}).status_code == 403
    assert post_json(http, f"{API}/{outage.pk}/restore", {}).status_code == 403
    assert post_json(http, API, {"description": "x", "areas": ["Storby"]}).status_code == 403
    assert state(outage) == before


def test_a_unit_manager_sees_only_the_clients_of_their_own_units(
    world: World, outage: MajorOutage, alvar: User
) -> None:
    tumba = signed_in(world.ulla).get(f"/outages/{outage.pk}/clients/?unit={world.alby.pk}")
    assert "Lillby" not in tumba.content.decode()  # Alby's clients stay hidden from Ulla
    assert "Storby0" in tumba.content.decode()
    alby = signed_in(alvar).get(f"/outages/{outage.pk}/clients/?unit={world.tumba.pk}")
    assert "Storby" not in alby.content.decode()
    assert "Lillby0" in alby.content.decode()


def test_the_leader_sees_every_client_with_both_keys(
    world: World, outage: MajorOutage, maja: User
) -> None:
    from vredvakt.keys.models import Key, KeyKind
    from vredvakt.locks.models import Lock

    client = Lock.objects.get(vendor_lock_id="ST-0").client
    Key.objects.create(
        code="K-ST0", kind=KeyKind.UNIT_KEY, client=client, storage=world.tumba_cabinet, hook="7"
    )
    Key.objects.create(
        code="N-ST0", kind=KeyKind.NIGHT_KEY, client=client, storage=world.service_house, hook="N7"
    )
    page = (
        signed_in(maja).get(f"/outages/{outage.pk}/clients/?unit={world.tumba.pk}").content.decode()
    )
    assert "K-ST0" in page and "Nyckelskåpet Tumba" in page
    assert "N-ST0" in page and "Orrens servicehus" in page
    assert AuditEntry.objects.filter(action="client.read", actor=maja).count() == 12


def test_the_alarm_group_declares_but_does_not_lead(world: World, maja: User) -> None:
    http = signed_in(world.lars)
    assert http.get("/outages/declare/").status_code == 200
    answer = post_json(http, API, {"description": "Appen ligger nere.", "vendors": ["Phoniro"]})
    assert answer.status_code == 201, answer.content
    outage = MajorOutage.objects.get()
    assert answer.json()["source"] == "declared"
    again = post_json(http, API, {"description": "Igen", "vendors": ["Phoniro"]})
    assert again.status_code == 409
    assert post_json(http, f"{API}/{outage.pk}/notify", {}).status_code == 403
    assert MajorOutage.objects.count() == 1


def test_bad_declarations_are_refused_and_change_nothing(world: World) -> None:
    http = signed_in(world.lars)
    assert post_json(http, API, {"description": "x"}).status_code == 400  # covers nothing
    assert post_json(http, API, {"description": "", "areas": ["A"]}).status_code == 422
    assert post_json(http, API, {"description": "x", "areas": ["A"], "extra": 1}).status_code == 422
    assert http.post("/outages/declare/", {"description": "x"}).status_code == 200  # form errors
    assert not MajorOutage.objects.exists()


def test_the_leader_leads_through_the_api(world: World, outage: MajorOutage, maja: User) -> None:
    http = signed_in(maja)
    listed = http.get(API).json()
    assert [o["id"] for o in listed["items"]] == [outage.pk]
    assert listed["items"][0]["figures"]["cases"] == 15
    assert post_json(http, f"{API}/{outage.pk}/notify", {}).status_code == 200
    assert post_json(http, f"{API}/{outage.pk}/notify", {}).status_code == 409
    assert post_json(http, f"{API}/{outage.pk}/updates", {"text": ""}).status_code == 422
    update = post_json(http, f"{API}/{outage.pk}/updates", {"text": "Felsökning pågår."})
    assert update.status_code == 200
    assert post_json(http, f"{API}/{outage.pk}/deviation", {"reference": "AV-9"}).status_code == 403
    restored = post_json(http, f"{API}/{outage.pk}/restore", {"note": "Klart."})
    assert restored.json()["status"] == "restored"
    assert post_json(http, f"{API}/{outage.pk}/restore", {}).status_code == 409
    olof = signed_in(world.olof)
    assert post_json(olof, f"{API}/{outage.pk}/deviation", {"reference": "AV-9"}).status_code == 200
    assert post_json(olof, f"{API}/{outage.pk}/deviation", {"reference": "AV-9"}).status_code == 409


def test_the_leader_leads_on_the_page(world: World, outage: MajorOutage, maja: User) -> None:
    http = signed_in(maja)
    page = http.get(f"/outages/{outage.pk}/").content.decode()
    assert f"/outages/{outage.pk}/notify/" in page
    assert http.post(f"/outages/{outage.pk}/notify/").status_code == 302
    assert (
        http.post(f"/outages/{outage.pk}/update/", {"text": "Läget: felsökning."}).status_code
        == 302
    )
    assert http.post(f"/outages/{outage.pk}/restore/", {"note": ""}).status_code == 302
    outage.refresh_from_db()
    assert outage.status == "restored"
    assert http.get(f"/outages/{outage.pk}/notify/").status_code == 405  # changes are POST only
    olof = signed_in(world.olof)
    assert olof.post(f"/outages/{outage.pk}/deviation/", {"reference": "AV-3"}).status_code == 302
    outage.refresh_from_db()
    assert outage.deviation_reference == "AV-3"


def test_the_leader_restoring_twice_in_the_browser_gets_409_and_changes_nothing(
    outage: MajorOutage, maja: User
) -> None:
    http = signed_in(maja)
    assert (
        http.post(f"/outages/{outage.pk}/restore/", {"note": "Nätet är tillbaka."}).status_code
        == 302
    )
    before = state(outage)
    again = http.post(f"/outages/{outage.pk}/restore/", {"note": "Igen."})
    assert again.status_code == 409  # R13: the "back" email goes out once
    assert state(outage) == before


def test_an_empty_update_is_refused_with_400_and_sends_nothing(
    outage: MajorOutage, maja: User
) -> None:
    before = state(outage)
    answer = signed_in(maja).post(f"/outages/{outage.pk}/update/", {"text": ""})
    assert answer.status_code == 400
    assert state(outage) == before
