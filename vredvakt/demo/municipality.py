"""The demo municipality's clients, locks, keys and care decisions, as plain rows.

Pure and deterministic: a fixed seed drives Faker (sv_SE) and every random
choice, so each run builds exactly the same people. Names and streets are
Faker's made-up combinations; no real person's data is used. Rows name other
rows by natural key (unit code, client reference, storage code); the loader
turns those into ids. Care decisions are kept as day offsets from "today".
"""

import random
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from faker import Faker

from vredvakt.demo import live
from vredvakt.demo.organisation import CITY, HOME_CARE_UNITS, SERVICE_HOUSE_CODE, UnitSpec
from vredvakt.keys.models import KeyKind

SEED = 20201221  # the day the routine was decided
HEARTBEAT_S = 900
# Each neighbourhood has one main lock vendor (its gateways speak that vendor's radio).
VENDORS = {
    "Phoniro": ("PL-200", "PL-300"),
    "Gantner": ("GT Smart 2",),
    "Assa Abloy": ("AA Care 10", "AA Care 12"),
}
NOTES = (
    "Hör dåligt – ring länge på dörren.",
    "Hund i lägenheten, vänlig.",
    "Portkod finns i planeringen.",
    "Anhörig (dotter) har egen nyckel.",
    "Trappa utan hiss, tredje våningen.",
)
# Deliberate gaps for the register-health page to find; one of each lands in
# Hemtjänst Norra so the demo personas see them.
EXPIRED_DECISIONS = 5
EXPIRING_DECISIONS = 5  # R4: within the routine's 7-day warning window
NO_UNIT_KEY = 3
NO_NIGHT_KEY = 2
UNKNOWN_STORAGE = 2
CLIENTS_WITHOUT_LOCK = 2
SHOWCASE_UNIT = "norra"

Row = dict[str, Any]


@dataclass(frozen=True)
class DecisionSpec:
    reference: str
    client_reference: str
    starts_in_days: int
    ends_in_days: int


@dataclass
class Registry:
    clients: list[Row] = field(default_factory=list)
    locks: list[Row] = field(default_factory=list)
    keys: list[Row] = field(default_factory=list)
    decisions: list[DecisionSpec] = field(default_factory=list)


@dataclass
class _Gaps:
    expired: set[str]
    expiring: set[str]
    no_unit_key: set[str]
    no_night_key: set[str]
    unknown_storage: set[str]


def build_registry() -> Registry:
    fake = Faker("sv_SE")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    areas = _areas(fake, rng)
    registry = Registry()
    for unit in HOME_CARE_UNITS:
        for _ in range(unit.client_count):
            registry.clients.append(_client(fake, rng, unit, areas, len(registry.clients) + 1))
    with_lock = list(registry.clients)
    for unit in HOME_CARE_UNITS[:CLIENTS_WITHOUT_LOCK]:
        registry.clients.append(_client(fake, rng, unit, areas, len(registry.clients) + 1))
    gaps = _choose_gaps(rng, with_lock)
    _add_locks(rng, registry, with_lock, areas)
    _add_keys(registry, with_lock, gaps)
    _add_decisions(rng, registry, gaps)
    return registry


def _areas(fake: Faker, rng: random.Random) -> dict[str, dict[str, Any]]:
    names = list(dict.fromkeys(area for unit in HOME_CARE_UNITS for area in unit.areas))
    vendors = list(VENDORS)
    return {
        name: {
            "postal_code": f"19{index + 1} {rng.randrange(10, 99)}",
            "streets": list(dict.fromkeys(fake.street_name() for _ in range(8))),
            "vendor": vendors[index % len(vendors)],
        }
        for index, name in enumerate(names)
    }


def _client(
    fake: Faker, rng: random.Random, unit: UnitSpec, areas: dict[str, dict[str, Any]], seq: int
) -> Row:
    area = rng.choice(unit.areas)
    first_name = fake.first_name_female() if rng.random() < 0.6 else fake.first_name_male()
    street = f"{rng.choice(areas[area]['streets'])} {rng.randrange(1, 48)}"
    return {
        "reference": f"DEMO-{seq:04d}",
        "first_name": first_name,
        "last_name": fake.last_name(),
        "street_address": street,
        "postal_code": areas[area]["postal_code"],
        "city": CITY,
        "unit_code": unit.code,
        "contact_notes": rng.choice(NOTES) if rng.random() < 0.2 else "",
        "area": area,
    }


def _choose_gaps(rng: random.Random, clients: list[Row]) -> _Gaps:
    showcase = [c["reference"] for c in clients if c["unit_code"] == SHOWCASE_UNIT]
    others = [c["reference"] for c in clients if c["unit_code"] != SHOWCASE_UNIT]
    rng.shuffle(showcase)
    rng.shuffle(others)

    def take(count: int) -> set[str]:
        return {showcase.pop()} | {others.pop() for _ in range(count - 1)}

    return _Gaps(
        expired=take(EXPIRED_DECISIONS),
        expiring=take(EXPIRING_DECISIONS),
        no_unit_key=take(NO_UNIT_KEY),
        no_night_key=take(NO_NIGHT_KEY),
        unknown_storage=take(UNKNOWN_STORAGE),
    )


def _add_locks(
    rng: random.Random, registry: Registry, clients: list[Row], areas: dict[str, dict[str, Any]]
) -> None:
    for client in clients:
        area = areas[client["area"]]
        vendor = area["vendor"] if rng.random() < 0.85 else rng.choice(list(VENDORS))
        seq = int(client["reference"].removeprefix("DEMO-"))
        registry.locks.append(
            {
                "vendor": vendor,
                "model": rng.choice(VENDORS[vendor]),
                "vendor_lock_id": _vendor_lock_id(vendor, seq),
                "client_reference": client["reference"],
                "heartbeat_interval_s": live.HEARTBEAT_S
                if live.is_live(vendor, client["area"])
                else HEARTBEAT_S,
                "area": client["area"],
                "gateway": f"GW-{slugify(client['area']).upper()}-{rng.randrange(1, 4):02d}",
            }
        )


def _vendor_lock_id(vendor: str, seq: int) -> str:
    # Each vendor numbers its locks its own way; the sequence keeps them unique.
    if vendor == "Phoniro":
        return f"PH-{400000 + seq * 37}"
    if vendor == "Gantner":
        return f"GN{0x5A0000 + seq * 131:08X}"
    return f"AA-{2000 + seq}-{(seq * 7919) % 10000:04d}"


def _add_keys(registry: Registry, clients: list[Row], gaps: _Gaps) -> None:
    hooks: dict[str, int] = {}
    locked = {client["reference"] for client in clients}
    for client in registry.clients:
        ref, unit_code = client["reference"], client["unit_code"]
        hooks[unit_code] = hooks.get(unit_code, 0) + 1
        number = hooks[unit_code]
        seq = ref.removeprefix("DEMO-")
        if ref not in gaps.no_unit_key:
            # R1: the day key hangs on a numbered hook in the unit's own cabinet.
            unknown = ref in gaps.unknown_storage
            registry.keys.append(
                _key(
                    f"E-{seq}",
                    KeyKind.UNIT_KEY,
                    ref,
                    None if unknown else f"skap-{unit_code}",
                    "" if unknown else str(number),
                )
            )
        if ref in locked and ref not in gaps.no_night_key:
            # R2: the night/alarm key is labelled with its unit and number.
            label = f"{unit_code.upper()} {number:03d}"
            registry.keys.append(
                _key(f"N-{seq}", KeyKind.NIGHT_KEY, ref, SERVICE_HOUSE_CODE, label)
            )


def _key(code: str, kind: str, client_ref: str, storage: str | None, hook: str) -> Row:
    return {
        "code": code,
        "kind": kind,
        "client_reference": client_ref,
        "storage_code": storage,
        "hook": hook,
    }


def _add_decisions(rng: random.Random, registry: Registry, gaps: _Gaps) -> None:
    for client in registry.clients:
        ref = client["reference"]
        if ref in gaps.expired:
            ends = -rng.randrange(1, 45)
        elif ref in gaps.expiring:
            ends = rng.randrange(1, 7)
        else:
            # Well past the 7-day warning, so only the chosen few show up (R4).
            ends = rng.randrange(30, 540)
        starts = ends - rng.randrange(180, 730)
        registry.decisions.append(DecisionSpec(f"{ref}-B1", ref, min(starts, -1), ends))
