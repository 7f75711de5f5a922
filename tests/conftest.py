"""Personas shared by every test, named after the routine's roles.

Anna (care worker), Kim (coordinator), Ulla (unit manager) and Hanna (needs
assessor) work for Enhet Tumba; Lars is in the alarm group, Nils in the night
patrol, Olof is the operations manager and Adam the administrator. Otto works
for Enhet Alby and must see nothing of Tumba's clients, locks or keys.
"""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import hypothesis
import pytest
from _pytest import runner
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test.utils import teardown_databases
from pytest_django import DjangoDbBlocker

from tests import database_template
from vredvakt.accounts.models import Membership, Provider, Role, Unit, UnitKind
from vredvakt.clients.models import CareDecision, Client
from vredvakt.keys.models import Key, KeyKind, KeyStorage, StorageKind
from vredvakt.lib.deep_stack import with_deep_stack
from vredvakt.locks.models import Lock
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion

# Hypothesis times each example and fails a test whose inputs come slowly; on a loaded
# 2-core machine running the suite in parallel, drawing two datetimes once took 1.4 s.
# How fast an example runs is not what these tests check, so neither is timed.
hypothesis.settings.register_profile(
    "suite", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("suite")

PASSWORD = "correct horse battery"
ROOT = Path(__file__).resolve().parent.parent

# Fixtures that give a test the run's database (pytest-django's, and the live server's).
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    """Mark the tests that open no database before `-m` selects; order the files
    after every other plugin (pytest-django's own order included) has."""
    _mark_no_database(items)
    yield
    _slow_files_first(items)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool:
    """pytest's own protocol for each test, run in one chunk of frame memory: fixtures
    and test bodies call services outside any request, where the request middleware's
    chunk does not reach (vredvakt/lib/deep_stack.py, #11)."""
    return bool(with_deep_stack(runner.pytest_runtest_protocol, item, nextitem))


def _mark_no_database(items: list[pytest.Item]) -> None:
    """Mark the tests that open no database `no_database`.

    They do the same work whichever engine the run has, so scripts/test runs them in
    one pass, not both (#11). A test reaching the database without asking for it
    fails in pytest-django ("Database access not allowed"), so nothing hides here.
    """
    for item in items:
        asks = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        if not asks and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.no_database)


def _slow_files_first(items: list[pytest.Item]) -> None:
    """Put the files marked `slow` first, each file's tests still together.

    pytest-xdist hands out whole files in this order (`--no-loadscope-reorder`); a
    minute-long file handed out last would run on one core while the other idles
    (#11). The sort is stable: otherwise the order stays as collected.
    """
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


def pytest_configure(config: pytest.Config) -> None:
    database_template.folder_choose(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    database_template.folder_remove(config)


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: DjangoDbBlocker,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """This worker's test database: a copy of the run's, migrated once
    (tests/database_template.py); replaces pytest-django's, which migrates in each."""
    with django_db_blocker.unblock():
        old_config = database_template.worker_database_create()
    yield
    with django_db_blocker.unblock():
        teardown_databases(old_config, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session")
def migrated_sqlite(django_db_setup: None) -> Callable[[Path], Path]:
    """Puts a SQLite file as `vredvakt migrate` leaves it at the path given, for
    commands started on a database of their own (the demo's file); returns the path.

    On SQLite it is a copy of this run's migrated template: a migrate in a new process
    costs four seconds of CPU (#11). A run against PostgreSQL migrates one file, the
    first time a worker asks for it.
    """
    template = database_template.sqlite_template() or database_template.sqlite_migrated(
        _migrate_sqlite
    )

    def copy_to(path: Path) -> Path:
        database_template.sqlite_copy(template, path)
        return path

    return copy_to


def _migrate_sqlite(path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{path}",
    }
    command = [sys.executable, "-m", "vredvakt.manage", "migrate", "--noinput", "-v0"]
    subprocess.run(command, env=env, check=True, cwd=ROOT)


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
    unit = _unit(code, name, kind, provider)
    unit.save()
    return unit


def make_client(reference: str, first: str, last: str, unit: Unit) -> Client:
    client = _client(reference, first, last, unit)
    client.save()
    return client


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The personas and their registry; a module-scoped fixture can build it once.

    Written a table at a time: some 1,300 tests of each pass start from it (#11).
    None of these models has a save() or a signal of its own that this skips.
    """
    units = Unit.objects.bulk_create(
        [
            _unit("tumba", "Enhet Tumba", UnitKind.HOME_CARE),
            _unit("alby", "Enhet Alby", UnitKind.HOME_CARE, Provider.EXTERNAL),
            _unit("larmgruppen", "Larmgruppen", UnitKind.ALARM_GROUP),
            _unit("nattpatrullen", "Nattpatrullen", UnitKind.NIGHT_PATROL),
            _unit("ledning", "Ledning hemtjänst", UnitKind.MANAGEMENT),
        ]
    )
    tumba, alby, alarm_group, night_patrol, management = units
    karin, bengt = Client.objects.bulk_create(
        [_client("C-1", "Karin", "Lund", tumba), _client("C-2", "Bengt", "Sjö", alby)]
    )
    tumba_cabinet, alby_cabinet, service_house = KeyStorage.objects.bulk_create(
        [
            KeyStorage(
                code="skap-tumba",
                name="Nyckelskåpet Tumba",
                kind=StorageKind.UNIT_CABINET,
                unit=tumba,
            ),
            KeyStorage(
                code="skap-alby", name="Nyckelskåpet Alby", kind=StorageKind.UNIT_CABINET, unit=alby
            ),
            KeyStorage(code="orren", name="Orrens servicehus", kind=StorageKind.SERVICE_HOUSE),
        ]
    )
    people = _make_users(
        {
            "hanna": [(tumba, Role.NEEDS_ASSESSOR)],
            "anna": [(tumba, Role.CARE_WORKER)],
            "kim": [(tumba, Role.COORDINATOR)],
            "ulla": [(tumba, Role.UNIT_MANAGER)],
            "lars": [(alarm_group, Role.ALARM_GROUP)],
            "nils": [(night_patrol, Role.NIGHT_PATROL)],
            "olof": [(management, Role.OPERATIONS_MANAGER)],
            "adam": [(management, Role.ADMINISTRATOR)],
            "otto": [(alby, Role.CARE_WORKER), (alby, Role.COORDINATOR)],
        }
    )
    CareDecision.objects.create(
        reference="D-1",
        client=karin,
        valid_from=date(2026, 1, 1),
        valid_until=date(2027, 12, 31),
        assessor=people["hanna"],
    )
    karin_lock, bengt_lock = Lock.objects.bulk_create(
        [
            Lock(vendor="Phoniro", vendor_lock_id="PH-1", client=karin),
            Lock(vendor="Phoniro", vendor_lock_id="PH-2", client=bengt),
        ]
    )
    karin_unit_key, karin_night_key, bengt_unit_key = Key.objects.bulk_create(
        [
            Key(code="K-1", kind=KeyKind.UNIT_KEY, client=karin, storage=tumba_cabinet, hook="14"),
            Key(
                code="N-1", kind=KeyKind.NIGHT_KEY, client=karin, storage=service_house, hook="N14"
            ),
            Key(code="K-2", kind=KeyKind.UNIT_KEY, client=bengt, storage=alby_cabinet, hook="3"),
        ]
    )
    return World(
        tumba=tumba,
        alby=alby,
        alarm_group=alarm_group,
        night_patrol=night_patrol,
        management=management,
        **people,
        karin=karin,
        bengt=bengt,
        karin_lock=karin_lock,
        bengt_lock=bengt_lock,
        tumba_cabinet=tumba_cabinet,
        alby_cabinet=alby_cabinet,
        service_house=service_house,
        karin_unit_key=karin_unit_key,
        karin_night_key=karin_night_key,
        bengt_unit_key=bengt_unit_key,
        routine=make_routine_in_force(),
    )


def _unit(code: str, name: str, kind: str, provider: str = Provider.INTERNAL) -> Unit:
    return Unit(code=code, name=name, kind=kind, provider=provider)


def _client(reference: str, first: str, last: str, unit: Unit) -> Client:
    return Client(
        reference=reference,
        first_name=first,
        last_name=last,
        street_address=f"{last}gatan 4",
        postal_code="147 30",
        city="Tumba",
        unit=unit,
    )


def _make_users(memberships: dict[str, list[tuple[Unit, str]]]) -> dict[str, User]:
    """Users as make_user makes them (one password hash for all), with their memberships."""
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                username=name,
                email=f"{name}@vredvakt.test",
                password=password,
                first_name=name.title(),
            )
            for name in memberships
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=user, unit=unit, role=role)
            for user, held in zip(users, memberships.values(), strict=True)
            for unit, role in held
        ]
    )
    return {user.username: user for user in users}


@pytest.fixture
def no_routine(world: World) -> None:
    """For tests of the routine versions themselves: none is in force until they add one."""
    world.routine.delete()
