from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from ninja.filter_schema import FilterLookup

from vredvakt.accounts.apitools import (
    Blank60,
    Blank80,
    FilterIn,
    Id,
    InputSchema,
    PatchSchema,
    Text60,
    Text80,
)
from vredvakt.clients.schemas import ClientBrief
from vredvakt.locks.models import Lock

HeartbeatSeconds = Annotated[int, Field(ge=10, le=7 * 24 * 3600)]


class LockOut(Schema):
    id: int
    vendor: str
    model: str
    vendor_lock_id: str
    client_id: int | None
    # Only for those who may see the client; the alarm group gets the lock without it.
    client: ClientBrief | None
    unit_id: int | None
    heartbeat_interval_s: int
    area: str
    gateway: str
    status: str
    last_seen_at: datetime | None
    battery: int | None

    @staticmethod
    def resolve_client(lock: Lock) -> object:
        return lock.client if getattr(lock, "client_visible", False) else None

    @staticmethod
    def resolve_unit_id(lock: Lock) -> int | None:
        return lock.client.unit_id if lock.client is not None else None


class LockIn(InputSchema):
    vendor: Text60
    model: Blank60 = ""
    vendor_lock_id: Text80
    client: Id | None = None
    heartbeat_interval_s: HeartbeatSeconds = 900
    area: Blank80 = ""
    gateway: Blank80 = ""


class LockPatch(PatchSchema):
    nullable = frozenset({"client"})

    vendor: Text60 | None = None
    model: Blank60 | None = None
    vendor_lock_id: Text80 | None = None
    client: Id | None = None
    heartbeat_interval_s: HeartbeatSeconds | None = None
    area: Blank80 | None = None
    gateway: Blank80 | None = None


class LockFilter(FilterIn):
    unit: Annotated[Id | None, FilterLookup("client__unit_id")] = None
    client: Annotated[Id | None, FilterLookup("client_id")] = None
    vendor: Annotated[str | None, FilterLookup("vendor__iexact")] = None
    area: Annotated[str | None, FilterLookup("area__iexact")] = None
    status: str | None = None
