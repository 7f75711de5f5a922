"""Personas shared by every test, named after the routine's roles.

Anna (care worker), Kim (coordinator), Ulla (unit manager) and Hanna (needs
assessor) work for Enhet Tumba; Lars is in the alarm group, Nils in the night
patrol, Olof is the operations manager and Adam the administrator. Otto works
for Enhet Alby and must see nothing of Tumba's clients, locks or keys.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection
from pytest_django import DjangoDbBlocker

from vredvakt.accounts.models import Membership, Provider, Role, Unit, UnitKind
from vredvakt.clients.models import CareDecision, Client
from vredvakt.keys.models import Key, KeyKind, KeyStorage, StorageKind
from vredvakt.locks.models import Lock
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """PostgreSQL: no autovacuum on the test database's tables.

    Tests insert inside a transaction and roll back. Autovacuum then finds a table
    of dead rows and records it as empty (reltuples 0), and the next test that
    loads the demo municipality is planned as if its tables were empty: nested
    loops over thousands of rows, one query in CI ran past the 90-minute limit.
    Production tables fill by committed inserts, which autoanalyze counts.
    """
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                f"ALTER TABLE {connection.ops.quote_name(table)} "
                "SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)"
            )


@dataclass
class World:
    tumba: Unit
    alby: Unit
    alarm_group: Unit
    night_patrol: Unit
    management: Unit
    anna: User
    kim: User
    ulla: User
    hanna: User
    lars: User
    nils: User
    olof: User
    adam: User
    otto: User
    karin: Client
    bengt: Client
    karin_lock: Lock
    bengt_lock: Lock
    tumba_cabinet: KeyStorage
    alby_cabinet: KeyStorage
    service_house: KeyStorage
    karin_unit_key: Key
    karin_night_key: Key
    bengt_unit_key: Key
    routine: RoutineVersion


def make_routine_in_force() -> RoutineVersion:
    """R16: as in the demo and in production, a routine version is in force.

    Tests meet the product as it runs: a case opened under it carries its code.
    A test about a routine's own dates or parameters adds a newer version (the
    newest start wins) or removes this one.
    """
    return RoutineVersion.objects.create(
        code="2024:1",
        title="Elektroniska låsvred ur funktion – driftstopp",
        decided_by="Socialnämnden",
        decided_on=date(2024, 1, 1),
        valid_from=date(2024, 1, 1),
        valid_until=date(2028, 12, 31),
        owner="Verksamhetschef hemtjänst",
        parameters=RoutineParameters().to_json(),
    )


def make_user(username: str, *memberships: tuple[Unit, str]) -> User:
    user = User.objects.create_user(
        username, email=f"{username}@vredvakt.test", password=PASSWORD, first_name=username.title()
    )
    for unit, role in memberships:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_unit(code: str, name: str, kind: str, provider: str = Provider.INTERNAL) -> Unit:
    return Unit.objects.create(code=code, name=name, kind=kind, provider=provider)


def make_client(reference: str, first: str, last: str, unit: Unit) -> Client:
    return Client.objects.create(
        reference=reference,
        first_name=first,
        last_name=last,
        street_address=f"{last}gatan 4",
        postal_code="147 30",
        city="Tumba",
        unit=unit,
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The personas and their registry; a module-scoped fixture can build it once."""
    tumba = make_unit("tumba", "Enhet Tumba", UnitKind.HOME_CARE)
    alby = make_unit("alby", "Enhet Alby", UnitKind.HOME_CARE, Provider.EXTERNAL)
    alarm_group = make_unit("larmgruppen", "Larmgruppen", UnitKind.ALARM_GROUP)
    night_patrol = make_unit("nattpatrullen", "Nattpatrullen", UnitKind.NIGHT_PATROL)
    management = make_unit("ledning", "Ledning hemtjänst", UnitKind.MANAGEMENT)
    karin = make_client("C-1", "Karin", "Lund", tumba)
    bengt = make_client("C-2", "Bengt", "Sjö", alby)
    tumba_cabinet = KeyStorage.objects.create(
        code="skap-tumba", name="Nyckelskåpet Tumba", kind=StorageKind.UNIT_CABINET, unit=tumba
    )
    alby_cabinet = KeyStorage.objects.create(
        code="skap-alby", name="Nyckelskåpet Alby", kind=StorageKind.UNIT_CABINET, unit=alby
    )
    service_house = KeyStorage.objects.create(
        code="orren", name="Orrens servicehus", kind=StorageKind.SERVICE_HOUSE
    )
    hanna = make_user("hanna", (tumba, Role.NEEDS_ASSESSOR))
    CareDecision.objects.create(
        reference="D-1",
        client=karin,
        valid_from=date(2026, 1, 1),
        valid_until=date(2027, 12, 31),
        assessor=hanna,
    )
    return World(
        tumba=tumba,
        alby=alby,
        alarm_group=alarm_group,
        night_patrol=night_patrol,
        management=management,
        anna=make_user("anna", (tumba, Role.CARE_WORKER)),
        kim=make_user("kim", (tumba, Role.COORDINATOR)),
        ulla=make_user("ulla", (tumba, Role.UNIT_MANAGER)),
        hanna=hanna,
        lars=make_user("lars", (alarm_group, Role.ALARM_GROUP)),
        nils=make_user("nils", (night_patrol, Role.NIGHT_PATROL)),
        olof=make_user("olof", (management, Role.OPERATIONS_MANAGER)),
        adam=make_user("adam", (management, Role.ADMINISTRATOR)),
        otto=make_user("otto", (alby, Role.CARE_WORKER), (alby, Role.COORDINATOR)),
        karin=karin,
        bengt=bengt,
        karin_lock=Lock.objects.create(vendor="Phoniro", vendor_lock_id="PH-1", client=karin),
        bengt_lock=Lock.objects.create(vendor="Phoniro", vendor_lock_id="PH-2", client=bengt),
        tumba_cabinet=tumba_cabinet,
        alby_cabinet=alby_cabinet,
        service_house=service_house,
        karin_unit_key=Key.objects.create(
            code="K-1", kind=KeyKind.UNIT_KEY, client=karin, storage=tumba_cabinet, hook="14"
        ),
        karin_night_key=Key.objects.create(
            code="N-1", kind=KeyKind.NIGHT_KEY, client=karin, storage=service_house, hook="N14"
        ),
        bengt_unit_key=Key.objects.create(
            code="K-2", kind=KeyKind.UNIT_KEY, client=bengt, storage=alby_cabinet, hook="3"
        ),
        routine=make_routine_in_force(),
    )


@pytest.fixture
def no_routine(world: World) -> None:
    """For tests of the routine versions themselves: none is in force until they add one."""
    world.routine.delete()
