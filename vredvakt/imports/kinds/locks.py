"""Locks (låsvred): matched on the vendor and the vendor's own id for the lock."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from vredvakt.clients.models import Client
from vredvakt.imports.base import (
    Column,
    ImportKind,
    Planned,
    References,
    ReferenceSource,
    Row,
    pks_by,
)
from vredvakt.imports.kinds.decisions import MISSING_CLIENT
from vredvakt.locks.adoption import locks_adopt_events
from vredvakt.locks.models import Lock
from vredvakt.locks.services import locks_retimed

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

    def before_update(self, planned: list[Planned[Lock]]) -> None:
        # R17: a changed interval moves the running deadline now, not at the next heartbeat.
        retimed = {item.obj.pk: item for item in planned if "heartbeat_interval_s" in item.changed}
        deadlines = locks_retimed(
            {pk: item.obj.heartbeat_interval_s for pk, item in retimed.items()}
        )
        for pk, overdue_at in deadlines.items():
            retimed[pk].obj.overdue_at = overdue_at
            retimed[pk].changed.add("overdue_at")

    def after_create(self, created: list[Lock], now: datetime) -> None:
        # Events the vendor sent before the lock was registered become its history.
        locks_adopt_events(created, now)


kind = LockImport()
