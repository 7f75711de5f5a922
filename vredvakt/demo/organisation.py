"""The demo municipality's organisation: units, key storage places and people.

Everything here is made up. Email addresses use the reserved `.example` domain
and phone numbers come from the series PTS sets aside for fiction
(070-174 06 05…99 and 08-465 004 00…99), so nothing reaches a real person.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from vredvakt.accounts.models import Provider, Role, UnitKind
from vredvakt.keys.models import StorageKind

DEMO_PASSWORD = "vredvakt-demo"
EMAIL_DOMAIN = "vredby.example"
CITY = "Vredby"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    provider: str = Provider.INTERNAL
    # Neighbourhoods the unit visits (home care only); locks are grouped by them.
    areas: tuple[str, ...] = ()
    client_count: int = 0


@dataclass(frozen=True)
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str], ...]  # (unit code, role)
    administrator: bool = False


def _home_care(
    code: str, name: str, areas: tuple[str, ...], clients: int, provider: str = Provider.INTERNAL
) -> UnitSpec:
    return UnitSpec(code, name, UnitKind.HOME_CARE, provider, areas, clients)


# 300 clients with locks in all; areas overlap where an external provider works.
HOME_CARE_UNITS = (
    _home_care("norra", "Hemtjänst Norra", ("Norrby", "Björkhagen"), 42),
    _home_care("sodra", "Hemtjänst Södra", ("Sörby", "Ekdalen"), 40),
    _home_care("ostra", "Hemtjänst Östra", ("Östertorp", "Sjövik"), 38),
    _home_care("vastra", "Hemtjänst Västra", ("Västerby", "Lövdalen"), 38),
    _home_care("centrum", "Hemtjänst Centrum", ("Centrum", "Kvarnbacken"), 44),
    _home_care("strand", "Hemtjänst Strand", ("Strandvik", "Hamnen"), 38),
    _home_care("omsorgshuset", "Omsorgshuset AB", ("Centrum", "Ekdalen"), 32, Provider.EXTERNAL),
    _home_care(
        "lindgarden", "Lindgårdens Omsorg AB", ("Västerby", "Östertorp"), 28, Provider.EXTERNAL
    ),
)
OTHER_UNITS = (
    UnitSpec("larmgruppen", "Larmgruppen", UnitKind.ALARM_GROUP),
    UnitSpec("nattpatrullen", "Nattpatrullen", UnitKind.NIGHT_PATROL),
    UnitSpec("ledning", "Ledning hemtjänst", UnitKind.MANAGEMENT),
)
UNITS = HOME_CARE_UNITS + OTHER_UNITS
SERVICE_HOUSE_CODE = "orrens-servicehus"

# The personas listed by `vredvakt serve`, one per role.
PEOPLE = (
    PersonSpec("anna", "Anna", "Lindqvist", (("norra", Role.CARE_WORKER),)),
    PersonSpec("kim", "Kim", "Sandberg", (("norra", Role.COORDINATOR),)),
    PersonSpec("ulla", "Ulla", "Hedlund", (("norra", Role.UNIT_MANAGER),)),
    # R4: the needs assessor serves every home-care unit, external ones too.
    PersonSpec(
        "hanna", "Hanna", "Ek", tuple((u.code, Role.NEEDS_ASSESSOR) for u in HOME_CARE_UNITS)
    ),
    PersonSpec("lars", "Lars", "Holm", (("larmgruppen", Role.ALARM_GROUP),)),
    # R11: the alarm group's own unit manager coordinates a major outage.
    PersonSpec("lena", "Lena", "Forsberg", (("larmgruppen", Role.UNIT_MANAGER),)),
    PersonSpec("nils", "Nils", "Åberg", (("nattpatrullen", Role.NIGHT_PATROL),)),
    PersonSpec("olof", "Olof", "Wikström", (("ledning", Role.OPERATIONS_MANAGER),)),
    PersonSpec("adam", "Adam", "Strand", (("ledning", Role.ADMINISTRATOR),), administrator=True),
    PersonSpec("erik", "Erik", "Falk", (("omsorgshuset", Role.COORDINATOR),)),
)

# R3 notifies a unit's coordinator and R12 mails every unit manager, so each
# home-care unit gets both, beyond the personas above (same demo password).
_STAFF_NAMES = (
    ("sodra", ("Maria", "Berglund"), ("Johan", "Lindgren")),
    ("ostra", ("Sara", "Nordin"), ("Peter", "Holmberg")),
    ("vastra", ("Karin", "Sundqvist"), ("Mikael", "Engström")),
    ("centrum", ("Elin", "Dahlberg"), ("Fredrik", "Lundgren")),
    ("strand", ("Lisa", "Björklund"), ("Anders", "Hellström")),
    ("omsorgshuset", ("Eva", "Blom"), None),
    ("lindgarden", ("Helena", "Söderberg"), ("Tobias", "Nyberg")),
)


def _unit_staff() -> tuple[PersonSpec, ...]:
    people = []
    for code, manager, coordinator in _STAFF_NAMES:
        people.append(PersonSpec(f"chef-{code}", *manager, ((code, Role.UNIT_MANAGER),)))
        if coordinator is not None:
            people.append(
                PersonSpec(f"koordinator-{code}", *coordinator, ((code, Role.COORDINATOR),))
            )
    return tuple(people)


ALL_PEOPLE = PEOPLE + _unit_staff()


def unit_by_code(code: str) -> UnitSpec:
    return next(unit for unit in UNITS if unit.code == code)


def unit_email(unit: UnitSpec) -> str:
    return f"{unit.code}@{EMAIL_DOMAIN}"


def unit_phone(index: int) -> str:
    return f"08-465 004 {index:02d}"


def person_email(person: PersonSpec) -> str:
    return f"{person.username}@{EMAIL_DOMAIN}"


def person_phone(index: int) -> str:
    return f"070-174 06 {5 + index:02d}"


def storage_rows() -> list[dict[str, object]]:
    """Rows for KeyStorage, with `unit_code` still to be resolved to an id."""
    rows: list[dict[str, object]] = [
        {
            "code": f"skap-{unit.code}",
            "name": f"Nyckelskåpet {unit.name}",
            "kind": StorageKind.UNIT_CABINET,
            "unit_code": unit.code,
            "address": f"{unit.areas[0]}gatan 1, {CITY}",
        }
        for unit in HOME_CARE_UNITS
    ]
    # R2: every night/alarm key hangs at Orrens servicehus.
    rows.append(
        {
            "code": SERVICE_HOUSE_CODE,
            "name": "Orrens servicehus",
            "kind": StorageKind.SERVICE_HOUSE,
            "unit_code": None,
            "address": f"Orrvägen 2, {CITY}",
        }
    )
    return rows


def demo_logins() -> list[tuple[str, str]]:
    """(role, username) for each demo persona, for the table `vredvakt serve` prints."""
    logins = []
    for person in PEOPLE:
        code, role = person.memberships[0]
        unit = gettext("all home-care units") if len(person.memberships) > 1 else None
        label = gettext("%(role)s, %(unit)s") % {
            "role": Role(role).label,
            "unit": unit or unit_by_code(code).name,
        }
        logins.append((label, person.username))
    return logins
