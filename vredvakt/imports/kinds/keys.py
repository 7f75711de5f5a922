"""Spare keys (R1, R2): unit-cabinet keys and night/alarm keys, matched on their code."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vredvakt.clients.models import Client
from vredvakt.imports.base import (
    Column,
    ImportKind,
    Planned,
    References,
    ReferenceSource,
    Row,
    RowError,
    chunks,
    pks_by,
)
from vredvakt.imports.kinds.decisions import MISSING_CLIENT
from vredvakt.keys.models import Key, KeyKind, KeyStorage

Spot = tuple[int, str]  # (storage pk, hook)


class KeyImport(ImportKind[Key]):
    name = "keys"
    label = _("Keys")
    model = Key
    key_fields = ("code",)
    columns = (
        Column("code"),
        Column("kind"),
        Column("client", required=False),
        Column("storage", required=False),
        Column("hook", required=False),
    )

    def references(self, rows: ReferenceSource) -> References:
        return {
            "client": pks_by(Client, "reference", rows.values_of("client")),
            "storage": dict(KeyStorage.objects.values_list("code", "pk")),
        }

    def parse(self, row: Row, refs: References) -> dict[str, Any]:
        values: dict[str, Any] = {"code": row.text("code"), "kind": row.choice("kind", KeyKind)}
        if row.has("client"):
            values["client_id"] = row.reference(
                "client", refs["client"], missing=MISSING_CLIENT, required=False
            )
        if row.has("storage"):
            values["storage_id"] = row.reference(
                "storage",
                refs["storage"],
                missing=_("storage: there is no key storage place with the code “%(value)s”"),
                required=False,
            )
        if row.has("hook"):
            values["hook"] = row.text("hook", required=False)
        return values

    def check_rows(self, planned: list[Planned[Key]]) -> list[RowError]:
        # Two keys cannot hang on the same hook of one place (a database constraint);
        # the file may move keys around, so compare with where every key ends up.
        taken = self._spots_kept_by_others({p.obj.code for p in planned})
        storage_codes = dict(KeyStorage.objects.values_list("pk", "code"))
        placed: dict[Spot, int] = {}
        errors = []
        for item in planned:
            key = item.obj
            if key.hook and key.storage_id is None:
                errors.append(RowError(item.line, [gettext("hook: a hook needs a storage")]))
            if not key.hook or key.storage_id is None:
                continue
            spot = (key.storage_id, key.hook)
            names = {"hook": key.hook, "storage": storage_codes.get(key.storage_id, "")}
            if spot in taken:
                reason = gettext("hook “%(hook)s” in %(storage)s is already taken by key %(key)s")
                errors.append(RowError(item.line, [reason % {**names, "key": taken[spot]}]))
            elif spot in placed:
                reason = gettext("hook “%(hook)s” in %(storage)s is also given on line %(line)s")
                errors.append(RowError(item.line, [reason % {**names, "line": placed[spot]}]))
            else:
                placed[spot] = item.line
        return errors

    def _spots_kept_by_others(self, codes_in_file: set[str]) -> dict[Spot, str]:
        hung = Key.objects.exclude(hook="").filter(storage__isnull=False)
        return {
            (storage_id, hook): code
            for storage_id, hook, code in hung.values_list("storage_id", "hook", "code")
            if code not in codes_in_file
        }

    def before_update(self, planned: list[Planned[Key]]) -> None:
        # Keys that change places let go of their hooks first, so that swapping two
        # keys in one file never trips the hook constraint halfway through.
        moving = [item for item in planned if item.changed & {"hook", "storage_id"}]
        for item in moving:
            item.changed.add("hook")  # written back with the row, even if only the storage changed
        for chunk in chunks([item.obj.pk for item in moving]):
            Key.objects.filter(pk__in=chunk).update(hook="")


kind = KeyImport()
