"""Bulk insert-or-update by natural key, counting what changed.

The demo loader runs again and again on the same database: a row that already
holds the wanted values is left alone, so a second run on the same day writes
nothing at all.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)
Row = dict[str, Any]


@dataclass(frozen=True)
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def upsert(model: type[M], key: Sequence[str], rows: Sequence[Row]) -> tuple[dict[Any, int], Tally]:
    """Make each row exist with exactly its values; return {natural key: pk} and a tally.

    Rows name fields by attname ("unit_id"); a one-field key maps by that value,
    a longer key by a tuple of values. Rows not named here are never touched.
    """
    existing = _existing(model, key, rows)
    to_create: list[M] = []
    to_update: list[M] = []
    for row in rows:
        obj = existing.get(_natural_key(key, row))
        if obj is None:
            to_create.append(model(**row))
        elif _assign(obj, row):
            to_update.append(obj)
    model._default_manager.bulk_create(to_create, batch_size=500)
    if to_update:
        fields = sorted({name for row in rows for name in row} - set(key))
        model._default_manager.bulk_update(to_update, fields, batch_size=500)
    # Read the keys back: not every database hands back ids from a bulk insert.
    pks = _pks(model, key, rows)
    unchanged = len(rows) - len(to_create) - len(to_update)
    return pks, Tally(len(to_create), len(to_update), unchanged)


def _natural_key(key: Sequence[str], row: Row) -> Hashable:
    return row[key[0]] if len(key) == 1 else tuple(row[name] for name in key)


def _existing(model: type[M], key: Sequence[str], rows: Sequence[Row]) -> dict[Any, M]:
    found = {}
    for obj in model._default_manager.filter(**_superset(key, rows)):
        found[_natural_key(key, {name: getattr(obj, name) for name in key})] = obj
    wanted = {_natural_key(key, row) for row in rows}
    return {k: obj for k, obj in found.items() if k in wanted}


def _superset(key: Sequence[str], rows: Sequence[Row]) -> dict[str, list[Any]]:
    # Filtering each key field on its own values gives a superset; the callers match exactly.
    return {f"{name}__in": sorted({row[name] for row in rows}) for name in key}


def _pks(model: type[M], key: Sequence[str], rows: Sequence[Row]) -> dict[Any, int]:
    """{natural key: pk} of the rows: the key's columns only, no model objects built."""
    wanted = {_natural_key(key, row) for row in rows}
    found = {}
    rows_found = model._default_manager.filter(**_superset(key, rows)).values_list(*key, "pk")
    for *values, pk in rows_found:
        natural = _natural_key(key, dict(zip(key, values, strict=True)))
        if natural in wanted:
            found[natural] = pk
    return found


def _assign(obj: Model, row: Row) -> bool:
    changed = False
    for name, value in row.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
