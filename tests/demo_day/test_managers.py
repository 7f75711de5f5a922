"""The managers and the needs assessor on demo day (R4, R11–R13, R16).

Ulla leads Hemtjänst Norra, Lena the alarm group (she coordinates a major
outage, R11), Olof is the operations manager, Hanna the needs assessor for
every home-care unit. The demo leaves deliberate gaps in the key register and
care decisions that run out; these are what they should find.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from tests.demo_day.browser import Api, Browser, sv
from tests.demo_day.municipality import door_of
from vredvakt.clients.models import CareDecision, Client
from vredvakt.jobs.loop import drain
from vredvakt.keys.models import Key, KeyKind
from vredvakt.locks.models import Lock


def clients_without_unit_key(unit_code: str | None = None) -> list[Client]:
    """The demo's deliberate gap: clients with a lock but no unit key (R1)."""
    key = Key.objects.filter(client=OuterRef("pk"), kind=KeyKind.UNIT_KEY)
    clients = Client.objects.filter(Exists(Lock.objects.filter(client=OuterRef("pk"))))
    clients = clients.exclude(Exists(key))
    return list(clients.filter(unit__code=unit_code) if unit_code else clients)


def test_the_unit_manager_sees_the_routine_the_units_cases_and_its_key_gaps(tuesday_morning):
    case = Api.with_token("anna").post("/cases", {"client": door_of("norra").client.pk}, expect=201)
    ulla = Browser("ulla")
    home = ulla.get("/")
    # R16: the routine in force, with its validity.
    assert "2025:1" in home.text and "2030-12-15" in home.text
    assert "/cases/" in home.links()
    desk = ulla.get("/cases/")
    assert f"/cases/{case['id']}/" in desk.links()
    health = ulla.get("/keys/health/")
    (missing,) = clients_without_unit_key("norra")
    assert str(missing) in health.text
    others = [c for c in clients_without_unit_key() if c.unit.code != "norra"]
    assert others and not any(str(c) in health.text for c in others)  # only her units
    ulla.get("/outages/")
    ulla.get("/locks/fleet/")


def test_the_operations_manager_sees_every_units_key_gaps_and_may_declare_an_outage(
    tuesday_morning,
):
    olof = Browser("olof")
    home = olof.get("/")
    assert "2025:1" in home.text
    health = olof.get("/keys/health/")
    gaps = clients_without_unit_key()
    assert len(gaps) == 3 and all(str(client) in health.text for client in gaps)
    outages = olof.get("/outages/")
    assert "/outages/declare/" in outages.links()  # he stands in for the leader (R11)
    assert olof.api().get("/outages")["count"] == 0
    olof.get("/locks/fleet/")


def declare_norrby(lena: Browser) -> str:
    """R11: the alarm group's unit manager declares that Norrby's locks cannot be opened.

    Then the worker's next tick picks the outage up, as `scripts/start` runs it.
    """
    form = lena.get("/outages/declare/")
    declared = lena.submit(
        form, "/outages/declare/", description="Appen når inte låsen i Norrby", areas=["Norrby"]
    )
    drain(timezone.now(), only={"outages.telemetry"})
    return str(declared["Location"])


def test_a_major_outage_is_declared_led_and_restored(tuesday_morning):
    lena = Browser("lena")
    outage = declare_norrby(lena)
    detail = lena.get(outage)
    assert "Appen når inte låsen i Norrby" in detail.text
    # R12: one action tells every unit manager and the operations manager; #13: she reads it first.
    assert f"{outage}notify/preview/" in detail.links()
    preview = lena.get(f"{outage}notify/preview/")
    assert lena.submit(preview, f"{outage}notify/")["Location"] == outage

    # Ulla (Hemtjänst Norra visits Norrby), Olof and the alarm group follow it.
    ulla = Browser("ulla")
    assert outage in ulla.get("/outages/").links()
    assert "Appen når inte låsen i Norrby" in ulla.get(outage).text
    ulla.get(f"{outage}clients/")
    assert ulla.get("/messages/").links_like(r"/messages/\d+/")  # R13: she is told
    assert outage in Browser("olof").get("/outages/").links()
    assert outage in Browser("lars").get("/outages/").links()

    # R13: the locks work again; the outage is over.
    preview = lena.get(f"{outage}restore/preview/?note=Appen+fungerar+igen")
    assert "Appen fungerar igen" in preview.text
    lena.submit(preview, f"{outage}restore/")
    over = Api.with_token("lena").get(f"/outages/{outage.split('/')[2]}")
    assert over["status"] == "restored" and over["managers_notified_at"] is not None


def test_the_outage_leader_has_no_empty_desk_of_her_own(tuesday_morning):
    # #13: Lena manages the alarm group, which has no clients: no "open cases" desk
    # with an empty "Nattpatrullen – Larmgruppen" panel; the fleet and outages instead.
    lena = Browser("lena")
    home = lena.get("/")
    assert "/cases/" not in home.links()
    assert "/outages/" in home.links() and "/locks/fleet/" in home.links()
    lena.get("/cases/", expect=403)


def test_a_declared_outage_lists_the_units_affected_clients_with_their_keys(tuesday_morning):
    outage = declare_norrby(Browser("lena"))
    affected = Browser("ulla").get(f"{outage}clients/")
    norrby = Client.objects.filter(unit__code="norra", locks__area="Norrby").order_by("pk")
    assert norrby.exists()
    for client in norrby:
        assert str(client) in affected.text


def test_the_needs_assessor_sees_the_decisions_that_run_out_this_week(tuesday_morning):
    today = timezone.localdate()
    expiring = CareDecision.objects.filter(
        valid_until__gte=today, valid_until__lte=today + timedelta(days=7)
    ).select_related("client")
    hanna = Browser("hanna")
    home = hanna.get("/")
    assert sv("Care decisions to renew") in home.text
    assert len(expiring) == 5  # the demo's, over several units (external ones too)
    for decision in expiring:
        assert str(decision.client) in home.text
        assert f"/clients/{decision.client_id}/" in home.links()
    decisions = hanna.api().get("/care-decisions", limit=500)
    assert decisions["count"] == Client.objects.count()  # she serves every home-care unit
