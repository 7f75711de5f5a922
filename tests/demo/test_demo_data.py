"""`vredvakt demo-data`: a believable made-up municipality, loaded the same way every time."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext

from vredvakt.accounts.models import ContactDetails, Membership, Provider, Role, Unit, UnitKind
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.access import clients_visible_to
from vredvakt.clients.models import CareDecision, Client
from vredvakt.demo.municipality import build_registry
from vredvakt.demo.organisation import DEMO_PASSWORD, demo_logins
from vredvakt.keys.models import Key, KeyKind, KeyStorage, StorageKind
from vredvakt.locks.models import Lock
from vredvakt.routine_versions.models import RoutineVersion

TODAY = date(2026, 3, 10)


def load(today: date = TODAY) -> str:
    out = StringIO()
    call_command("demo-data", today=today.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    load()


def test_it_builds_about_300_clients_over_8_home_care_units_2_of_them_external(demo):
    home_care = Unit.objects.filter(kind=UnitKind.HOME_CARE)
    assert home_care.count() == 8
    assert home_care.filter(provider=Provider.EXTERNAL).count() == 2
    assert 290 <= Client.objects.count() <= 310
    per_unit = home_care.annotate(n=Count("clients")).values_list("n", flat=True)
    assert min(per_unit) >= 20
    for kind in (UnitKind.ALARM_GROUP, UnitKind.NIGHT_PATROL, UnitKind.MANAGEMENT):
        assert Unit.objects.filter(kind=kind).count() == 1
    assert all(unit.email and unit.phone for unit in Unit.objects.all())


def test_each_home_care_unit_has_a_cabinet_and_night_keys_go_to_orrens_servicehus(demo):
    for unit in Unit.objects.filter(kind=UnitKind.HOME_CARE):
        assert unit.key_storages.filter(kind=StorageKind.UNIT_CABINET).count() == 1
    house = KeyStorage.objects.get(kind=StorageKind.SERVICE_HOUSE)
    assert house.name == "Orrens servicehus"
    assert not Key.objects.filter(kind=KeyKind.NIGHT_KEY).exclude(storage=house).exists()


def test_every_client_has_a_lock_but_the_two_deliberately_left_without(demo):
    with_lock = Lock.objects.filter(client=OuterRef("pk"))
    assert Client.objects.filter(~Exists(with_lock)).count() == 2
    assert Lock.objects.filter(client__isnull=False).count() >= 290
    assert {lock.vendor for lock in Lock.objects.all()} == {"Phoniro", "Gantner", "Assa Abloy"}
    # The live demo's locks (serve --simulate) beat every minute, the rest every 15.
    intervals = dict(Lock.objects.values_list("vendor_lock_id", "heartbeat_interval_s"))
    live_ids = set(
        Lock.objects.filter(vendor="Phoniro", area__in=("Norrby", "Ekdalen")).values_list(
            "vendor_lock_id", flat=True
        )
    )
    assert live_ids and {intervals[i] for i in live_ids} == {60}
    assert set(intervals.values()) - {60} == {900}
    assert not Lock.objects.filter(area="").exists()
    assert not Lock.objects.filter(gateway="").exists()


def test_it_leaves_the_key_register_gaps_a_health_check_must_find(demo):
    locked = Client.objects.filter(Exists(Lock.objects.filter(client=OuterRef("pk"))))
    unit_keys = Key.objects.filter(client=OuterRef("pk"), kind=KeyKind.UNIT_KEY)
    night_keys = Key.objects.filter(client=OuterRef("pk"), kind=KeyKind.NIGHT_KEY)
    assert locked.filter(~Exists(unit_keys)).count() == 3
    assert locked.filter(~Exists(night_keys)).count() == 2
    assert Key.objects.filter(storage__isnull=True).count() == 2
    lockless = Key.objects.filter(~Exists(Lock.objects.filter(client=OuterRef("client"))))
    assert lockless.count() == 2


def test_some_decisions_have_expired_and_some_expire_within_a_week(demo):
    assert set(Client.objects.annotate(n=Count("care_decisions")).values_list("n", flat=True)) == {
        1
    }
    expired = CareDecision.objects.filter(valid_until__lt=TODAY)
    expiring = CareDecision.objects.filter(
        valid_until__gte=TODAY, valid_until__lte=TODAY + timedelta(days=7)
    )
    assert expired.count() == 5
    assert expiring.count() == 5
    assert CareDecision.objects.valid_on(TODAY).count() == Client.objects.count() - 5
    # The demo coordinator's own unit shows both (R4).
    assert expired.filter(client__unit__code="norra").exists()
    assert expiring.filter(client__unit__code="norra").exists()


def test_it_has_the_expired_routine_and_its_renewal_in_force(demo):
    original = RoutineVersion.objects.get(code="2020:1")
    renewed = RoutineVersion.objects.get(code="2025:1")
    assert original.title == "Elektroniska låsvred ur funktion – driftstopp"
    assert original.decided_on == original.valid_from == date(2020, 12, 21)
    assert original.is_expired(TODAY)
    assert (renewed.decided_on, renewed.valid_from, renewed.valid_until) == (
        date(2025, 12, 15),
        date(2025, 12, 21),
        date(2030, 12, 15),
    )
    assert renewed.replaces == original
    assert RoutineVersion.objects.in_force(TODAY) == renewed
    assert RoutineVersion.objects.in_force(date(2025, 6, 1)) == original
    assert renewed.params == original.params


def test_there_is_a_demo_login_for_every_role(demo, client):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    alarm_group = Unit.objects.get(kind=UnitKind.ALARM_GROUP)
    assert alarm_group.memberships.filter(role=Role.UNIT_MANAGER).exists()
    external = Membership.objects.get(user__username="erik", role=Role.COORDINATOR)
    assert external.unit.provider == Provider.EXTERNAL
    for _role, username in demo_logins():
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()


def test_the_administrator_reaches_the_admin_site(demo, client):
    client.login(username="adam", password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_every_demo_user_has_an_email_and_a_mobile_number(demo):
    for user in User.objects.all():
        assert user.email.endswith(".example")
        assert ContactDetails.objects.get(user=user).phone.startswith("070-174 06")


def test_the_external_coordinator_sees_only_the_providers_clients(demo):
    erik = User.objects.get(username="erik")
    units = {client.unit.name for client in clients_visible_to(erik)}
    assert units == {"Omsorgshuset AB"}


def dump() -> dict[str, list[tuple]]:
    """Every value the demo writes, to compare one run with the next."""
    tables = {
        "units": Unit.objects.values_list(),
        "memberships": Membership.objects.values_list(),
        "users": User.objects.values_list(
            "id", "username", "first_name", "last_name", "email", "password", "is_staff"
        ),
        "contacts": ContactDetails.objects.values_list(),
        "storages": KeyStorage.objects.values_list(),
        "clients": Client.objects.values_list(),
        "locks": Lock.objects.values_list(),
        "keys": Key.objects.values_list(),
        "decisions": CareDecision.objects.values_list(),
        "routines": RoutineVersion.objects.values_list(),
        "audit": AuditEntry.objects.values_list(),
    }
    return {name: sorted(rows.order_by()) for name, rows in tables.items()}


def test_running_it_twice_on_the_same_day_changes_nothing(demo):
    before = dump()
    out = load()
    assert dump() == before
    assert gettext("Nothing to change: the demo data was already in place.") in out


def test_a_later_day_moves_only_the_care_decision_dates(demo):
    before = dump()
    load(TODAY + timedelta(days=30))
    after = dump()
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"decisions", "audit"}
    decision = CareDecision.objects.get(reference="DEMO-0001-B1")
    load()
    assert CareDecision.objects.get(pk=decision.pk).valid_until == decision.valid_until - (
        timedelta(days=30)
    )


def test_it_records_one_audit_entry_from_the_command_line(db):
    load()
    entry = AuditEntry.objects.get()
    assert (entry.via, entry.actor) == ("cli", None)
    assert entry.detail["today"] == TODAY.isoformat()


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25)])
def test_it_places_decisions_relative_to_a_daylight_saving_day(db, day):
    load(day)
    assert CareDecision.objects.filter(valid_until__lt=day).count() == 5
    expiring = CareDecision.objects.filter(
        valid_until__gte=day, valid_until__lte=day + timedelta(days=7)
    )
    assert expiring.count() == 5


def test_it_rejects_a_malformed_day_and_changes_nothing(db):
    with pytest.raises(CommandError, match="2026-03-29"):
        call_command("demo-data", today="29/3/2026", stdout=StringIO())
    assert not Unit.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_made_up_people_are_the_same_every_time():
    first, second = build_registry(), build_registry()
    assert first.clients == second.clients
    assert first.keys == second.keys
    assert len({(c["first_name"], c["last_name"]) for c in first.clients}) > 250


def test_it_loads_in_bulk(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(80):
        load()


def test_the_audit_chain_of_the_demo_verifies(demo):
    load(TODAY + timedelta(days=1))
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().strip() == f"OK, {AuditEntry.objects.count()} entries"
