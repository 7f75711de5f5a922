"""A declared outage (R11–R13): its scope's clients per unit with both keys, no case per lock.

Declared for what telemetry cannot see, its locks keep reporting "online";
the units re-plan from the scope's clients all the same (docs/outages.md).
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client as HttpClient

from tests.conftest import World
from tests.outages.conftest import NOW, make_area, minutes, work
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import FaultCase
from vredvakt.keys.models import Key, KeyKind
from vredvakt.locks.models import Lock
from vredvakt.outages.correlation import Scope
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import outage_declare, outage_restore


def signed_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def declared(world: World, maja: User) -> MajorOutage:
    """The app cannot reach the locks of Storby (Tumba) and Lillby (Alby); they still report."""
    make_area("Storby", 4, world.tumba, silent_at=NOW + minutes(600))
    make_area("Lillby", 2, world.alby, silent_at=NOW + minutes(600), prefix="LI")
    make_area("Annanby", 3, world.tumba, silent_at=NOW + minutes(600), prefix="AN")
    outage = outage_declare(
        by=maja, description="Appen når inte låsen", scope=Scope(area={"Storby", "Lillby"}), now=NOW
    )
    work(NOW + minutes(1))
    outage.refresh_from_db()
    return outage


def test_it_opens_no_case_for_the_locks_that_still_report(declared: MajorOutage) -> None:
    assert declared.announced_at is not None  # R11: the leader is told all the same
    assert not FaultCase.objects.exists()


def test_the_leader_sees_every_client_in_scope_by_unit_with_both_keys(
    world: World, declared: MajorOutage, maja: User
) -> None:
    client = Lock.objects.get(vendor_lock_id="ST-0").client
    assert client is not None
    Key.objects.create(
        code="K-ST0", kind=KeyKind.UNIT_KEY, client=client, storage=world.tumba_cabinet, hook="7"
    )
    Key.objects.create(
        code="N-ST0", kind=KeyKind.NIGHT_KEY, client=client, storage=world.service_house, hook="N7"
    )
    http = signed_in(maja)
    detail = http.get(f"/outages/{declared.pk}/").content.decode()
    assert f"/outages/{declared.pk}/clients/?unit={world.tumba.pk}" in detail
    assert f"/outages/{declared.pk}/clients/?unit={world.alby.pk}" in detail
    page = http.get(f"/outages/{declared.pk}/clients/?unit={world.tumba.pk}").content.decode()
    for n in range(4):
        assert f"Storby{n}" in page
    assert "Annanby" not in page  # outside the declared scope
    assert "K-ST0" in page and "Nyckelskåpet Tumba" in page  # R1
    assert "N-ST0" in page and "Orrens servicehus" in page  # R2
    assert f"/clients/{client.pk}/" in page  # no case yet: the client's page
    assert AuditEntry.objects.filter(action="client.read", actor=maja).count() == 4


def test_a_unit_manager_sees_only_their_units_clients_in_scope(
    world: World, declared: MajorOutage, alvar: User
) -> None:
    ulla = signed_in(world.ulla).get(f"/outages/{declared.pk}/clients/?unit={world.alby.pk}")
    assert "Storby0" in ulla.content.decode() and "Lillby" not in ulla.content.decode()
    alby = signed_in(alvar).get(f"/outages/{declared.pk}/clients/").content.decode()
    assert "Lillby0" in alby and "Lillby1" in alby and "Storby" not in alby


def test_a_lock_in_scope_that_goes_offline_gets_its_case_listed_with_it(
    world: World, declared: MajorOutage, maja: User
) -> None:
    Lock.objects.filter(vendor_lock_id="ST-0").update(overdue_at=NOW + minutes(2))
    work(NOW + minutes(40))  # silent past its interval and grace: offline, in scope
    case = FaultCase.objects.get()
    assert case.major_outage_id == declared.pk
    page = signed_in(maja).get(f"/outages/{declared.pk}/clients/?unit={world.tumba.pk}")
    assert f"/cases/{case.pk}/" in page.content.decode()
    assert "Storby1" in page.content.decode()


def test_once_over_its_clients_are_no_longer_out_of_order(
    world: World, declared: MajorOutage, maja: User
) -> None:
    outage_restore(outage=declared, by=maja, note="", now=NOW + minutes(60))
    page = signed_in(maja).get(f"/outages/{declared.pk}/clients/?unit={world.tumba.pk}")
    assert "Ur funktion" not in page.content.decode()
    assert "Storby0" in page.content.decode()
