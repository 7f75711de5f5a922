"""State changes for key storage places and spare keys."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vredvakt.accounts.models import Unit
from vredvakt.audit.services import audit_record
from vredvakt.clients.models import Client
from vredvakt.keys.models import Key, KeyKind, KeyStorage, StorageKind
from vredvakt.lib.change_sets import apply_changes, save_or_conflict

Actor = AbstractBaseUser | AnonymousUser | None

STORAGE_FIELDS = ("code", "name", "kind", "unit", "address")
KEY_FIELDS = ("code", "kind", "client", "storage", "hook")
# R1: a unit key hangs in a unit's cabinet; R2: a night/alarm key at a service house.
STORAGE_FOR_KIND = {
    KeyKind.UNIT_KEY: StorageKind.UNIT_CABINET,
    KeyKind.NIGHT_KEY: StorageKind.SERVICE_HOUSE,
}


def _check_storage(storage: KeyStorage) -> None:
    if storage.kind == StorageKind.UNIT_CABINET and storage.unit_id is None:
        raise ValidationError({"unit": _("A unit's key cabinet must belong to a unit.")})


def _storage_conflicts(storage: KeyStorage) -> dict[str, str]:
    others = KeyStorage.objects.exclude(pk=storage.pk)
    found = {}
    if others.filter(code=storage.code).exists():
        message = _("A key storage place with the code %(code)s already exists.")
        found["code"] = message % {"code": storage.code}
    if others.filter(name=storage.name).exists():
        message = _("A key storage place named %(name)s already exists.")
        found["name"] = message % {"name": storage.name}
    return found


def key_storage_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    unit: Unit | None,
    address: str = "",
    via: str,
    now: datetime,
) -> KeyStorage:
    storage = KeyStorage(code=code, name=name, kind=kind, unit=unit, address=address)
    _check_storage(storage)
    with transaction.atomic():
        save_or_conflict(storage, lambda: _storage_conflicts(storage))
        audit_record(actor=actor, action="key_storage.create", obj=storage, via=via, now=now)
    return storage


def key_storage_update(
    *, actor: Actor, storage: KeyStorage, changes: Mapping[str, Any], via: str, now: datetime
) -> KeyStorage:
    with transaction.atomic():
        changed = apply_changes(storage, changes, STORAGE_FIELDS)
        if changed:
            _check_storage(storage)
            save_or_conflict(storage, lambda: _storage_conflicts(storage), list(changed))
            detail = {"fields": list(changed)}
            audit_record(
                actor=actor,
                action="key_storage.update",
                obj=storage,
                via=via,
                detail=detail,
                changes=changed,
                now=now,
            )
    return storage


def _check_key(key: Key) -> None:
    storage = key.storage
    if storage is None:
        return
    if storage.kind != STORAGE_FOR_KIND[KeyKind(key.kind)]:
        if key.kind == KeyKind.UNIT_KEY:
            message = _("A unit key is kept in a unit's key cabinet, not in %(storage)s.")
        else:
            message = _("A night/alarm key is kept at a service house, not in %(storage)s.")
        raise ValidationError({"storage": message % {"storage": storage}})
    client = key.client
    if storage.kind == StorageKind.UNIT_CABINET and client and storage.unit_id != client.unit_id:
        # R1: day staff fetch the key from the cabinet at the client's own unit.
        message = _("%(storage)s belongs to another unit than the client's.")
        raise ValidationError({"storage": message % {"storage": storage}})


def _key_conflicts(key: Key) -> dict[str, str]:
    others = Key.objects.exclude(pk=key.pk)
    found = {}
    if others.filter(code=key.code).exists():
        found["code"] = _("A key with the code %(code)s already exists.") % {"code": key.code}
    if key.hook and others.filter(storage=key.storage, hook=key.hook).exists():
        message = _("Hook %(hook)s in %(storage)s is already taken.")
        found["hook"] = message % {"hook": key.hook, "storage": key.storage}
    return found


def key_create(
    *,
    actor: Actor,
    code: str,
    kind: str,
    client: Client | None,
    storage: KeyStorage | None,
    hook: str = "",
    via: str,
    now: datetime,
) -> Key:
    key = Key(code=code, kind=kind, client=client, storage=storage, hook=hook)
    _check_key(key)
    with transaction.atomic():
        save_or_conflict(key, lambda: _key_conflicts(key))
        detail = {"client": client.pk if client is not None else None}
        audit_record(actor=actor, action="key.create", obj=key, via=via, detail=detail, now=now)
    return key


def key_update(
    *, actor: Actor, key: Key, changes: Mapping[str, Any], via: str, now: datetime
) -> Key:
    with transaction.atomic():
        changed = apply_changes(key, changes, KEY_FIELDS)
        if changed:
            _check_key(key)
            save_or_conflict(key, lambda: _key_conflicts(key), list(changed))
            detail = {"fields": list(changed)}
            audit_record(
                actor=actor,
                action="key.update",
                obj=key,
                via=via,
                detail=detail,
                changes=changed,
                now=now,
            )
    return key
