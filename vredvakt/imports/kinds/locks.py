"""Locks (låsvred): matched on the vendor and the vendor's own id for the lock."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from vredvakt.clients.models import Client
from vredvakt.imports.base import Column, ImportKind, References, ReferenceSource, Row, pks_by
from vredvakt.imports.kinds.decisions import MISSING_CLIENT
from vredvakt.locks.models import Lock

DEFAULT_HEARTBEAT_S = 900
# Shorter intervals would flood the silent-lock sweep (R17); the database checks it too.
MIN_HEARTBEAT_S = 10


class LockImport(ImportKind[Lock]):
    name = "locks"
    label = _("Locks")
    model = Lock
    key_fields = ("vendor", "vendor_lock_id")
    columns = (
        Column("vendor"),
        Column("vendor_lock_id"),
        Column("model", required=False),
        Column("client", required=False),
        Column("heartbeat_interval_s", required=False),
        Column("area", required=False),
        Column("gateway", required=False),
    )

    def references(self, rows: ReferenceSource) -> References:
        return {"client": pks_by(Client, "reference", rows.values_of("client"))}

    def parse(self, row: Row, refs: References) -> dict[str, Any]:
        values: dict[str, Any] = {
            "vendor": row.text("vendor"),
            "vendor_lock_id": row.text("vendor_lock_id"),
        }
        if row.has("client"):
            values["client_id"] = row.reference(
                "client", refs["client"], missing=MISSING_CLIENT, required=False
            )
        if row.has("heartbeat_interval_s"):
            values["heartbeat_interval_s"] = row.integer(
                "heartbeat_interval_s", default=DEFAULT_HEARTBEAT_S, minimum=MIN_HEARTBEAT_S
            )
        for column in ("model", "area", "gateway"):
            if row.has(column):
                values[column] = row.text(column, required=False)
        return values


kind = LockImport()
