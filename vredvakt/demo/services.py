"""Load the demo municipality: insert what is missing, correct what differs, keep the rest."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model

from vredvakt.accounts.models import ContactDetails, Membership, Role, Unit
from vredvakt.audit.services import audit_record
from vredvakt.clients.models import CareDecision, Client
from vredvakt.demo import live, oncall, routines
from vredvakt.demo import organisation as org
from vredvakt.demo.municipality import Registry, build_registry
from vredvakt.demo.upsert import Row, Tally, upsert
from vredvakt.keys.models import Key, KeyStorage
from vredvakt.locks.models import Integration, Lock
from vredvakt.oncall.models import OnCallSlot
from vredvakt.routine_versions.models import RoutineVersion

# A fixed salt makes the hash the same on every run, so an unchanged demo
# password is not rewritten (and a changed one is put back).
PASSWORD_SALT = "vredvaktdemo"


@dataclass
class DemoReport:
    tallies: list[tuple[type[Model], Tally]] = field(default_factory=list)

    def add(self, model: type[Model], result: tuple[dict[Any, int], Tally]) -> dict[Any, int]:
        self.tallies.append((model, result[1]))
        return result[0]

    @property
    def changed(self) -> bool:
        return any(tally.changed for _, tally in self.tallies)


def demo_data_load(*, today: date, now: datetime, registry: Registry | None = None) -> DemoReport:
    """Build or refresh the demo; care decisions are placed relative to `today` (R4)."""
    registry = registry or build_registry()
    report = DemoReport()
    with transaction.atomic():
        units = report.add(Unit, upsert(Unit, ["code"], _unit_rows()))
        storages = report.add(KeyStorage, upsert(KeyStorage, ["code"], _storage_rows(units)))
        users = _load_people(report, units)
        clients = report.add(Client, upsert(Client, ["reference"], _client_rows(registry, units)))
        report.add(Lock, upsert(Lock, ["vendor", "vendor_lock_id"], _lock_rows(registry, clients)))
        report.add(Key, upsert(Key, ["code"], _key_rows(registry, clients, storages)))
        decisions = _decision_rows(registry, clients, users["hanna"], today)
        report.add(CareDecision, upsert(CareDecision, ["reference"], decisions))
        _load_routine_versions(report)
        slots = oncall.slot_rows(units, users)  # #12: who is on call out of hours
        report.add(OnCallSlot, upsert(OnCallSlot, ["unit_id", "weekday", "starts"], slots))
        # R17: the vendor integration `vredvakt serve --simulate` posts telemetry through.
        report.add(Integration, ({}, live.integration_ensure(now=now)))
        if report.changed:
            audit_record(
                actor=None,
                action="demo_data.load",
                object_type="demo",
                via="cli",
                detail={"today": today.isoformat(), "changes": _summary(report)},
                now=now,
            )
    return report


def _summary(report: DemoReport) -> dict[str, dict[str, int]]:
    return {
        model._meta.label_lower: {"created": tally.created, "updated": tally.updated}
        for model, tally in report.tallies
        if tally.changed
    }


def _unit_rows() -> list[Row]:
    return [
        {
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind,
            "provider": unit.provider,
            "email": org.unit_email(unit),
            "phone": org.unit_phone(index),
        }
        for index, unit in enumerate(org.UNITS)
    ]


def _storage_rows(units: dict[str, int]) -> list[Row]:
    rows = []
    for spec in org.storage_rows():
        row = dict(spec)
        unit_code = row.pop("unit_code")
        row["unit_id"] = units[unit_code] if isinstance(unit_code, str) else None
        rows.append(row)
    return rows


def _load_people(report: DemoReport, units: dict[str, int]) -> dict[str, int]:
    password = make_password(org.DEMO_PASSWORD, salt=PASSWORD_SALT)
    user_rows = [
        {
            "username": person.username,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": org.person_email(person),
            "is_active": True,
            # The administrator reaches /admin/ to edit the registries.
            "is_staff": person.administrator,
            "is_superuser": person.administrator,
            "password": password,
        }
        for person in org.ALL_PEOPLE
    ]
    users = report.add(User, upsert(User, ["username"], user_rows))
    memberships = [
        {"user_id": users[person.username], "unit_id": units[code], "role": Role(role).value}
        for person in org.ALL_PEOPLE
        for code, role in person.memberships
    ]
    report.add(Membership, upsert(Membership, ["user_id", "unit_id", "role"], memberships))
    contacts = [
        {"user_id": users[person.username], "phone": org.person_phone(index)}
        for index, person in enumerate(org.ALL_PEOPLE)
    ]
    report.add(ContactDetails, upsert(ContactDetails, ["user_id"], contacts))
    return users


def _client_rows(registry: Registry, units: dict[str, int]) -> list[Row]:
    rows = []
    for spec in registry.clients:
        row = {k: v for k, v in spec.items() if k not in ("unit_code", "area")}
        row["unit_id"] = units[spec["unit_code"]]
        rows.append(row)
    return rows


def _lock_rows(registry: Registry, clients: dict[str, int]) -> list[Row]:
    rows = []
    for spec in registry.locks:
        row = dict(spec)
        row["client_id"] = clients[row.pop("client_reference")]
        rows.append(row)
    return rows


def _key_rows(registry: Registry, clients: dict[str, int], storages: dict[str, int]) -> list[Row]:
    rows = []
    for spec in registry.keys:
        row = dict(spec)
        row["client_id"] = clients[row.pop("client_reference")]
        storage_code = row.pop("storage_code")
        row["storage_id"] = storages[storage_code] if storage_code else None
        rows.append(row)
    return rows


def _decision_rows(
    registry: Registry, clients: dict[str, int], assessor_id: int, today: date
) -> list[Row]:
    return [
        {
            "reference": spec.reference,
            "client_id": clients[spec.client_reference],
            "valid_from": today + timedelta(days=spec.starts_in_days),
            "valid_until": today + timedelta(days=spec.ends_in_days),
            "assessor_id": assessor_id,
        }
        for spec in registry.decisions
    ]


def _load_routine_versions(report: DemoReport) -> None:
    # R16: the renewed version names the one it replaces, so the original goes in first.
    first = upsert(RoutineVersion, ["code"], [routines.original_version()])
    original_id = first[0][routines.ORIGINAL_CODE]
    second = upsert(RoutineVersion, ["code"], [routines.renewed_version(original_id)])
    report.add(RoutineVersion, ({}, _combine(first[1], second[1])))


def _combine(a: Tally, b: Tally) -> Tally:
    return Tally(a.created + b.created, a.updated + b.updated, a.unchanged + b.unchanged)
