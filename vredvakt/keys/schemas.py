from typing import Annotated

from ninja import Schema
from ninja.filter_schema import FilterLookup

from vredvakt.accounts.apitools import (
    Blank40,
    Blank160,
    FilterIn,
    Id,
    InputSchema,
    PatchSchema,
    Slug40,
    Text40,
    Text120,
)
from vredvakt.accounts.schemas import UnitBrief
from vredvakt.clients.schemas import ClientBrief
from vredvakt.keys.models import KeyKind, StorageKind


class StorageOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    unit: UnitBrief | None
    address: str


class StorageBrief(Schema):
    id: int
    code: str
    name: str
    kind: str


class StorageIn(InputSchema):
    code: Slug40
    name: Text120
    kind: StorageKind
    unit: Id | None = None
    address: Blank160 = ""


class StoragePatch(PatchSchema):
    nullable = frozenset({"unit"})

    code: Slug40 | None = None
    name: Text120 | None = None
    kind: StorageKind | None = None
    unit: Id | None = None
    address: Blank160 | None = None


class StorageFilter(FilterIn):
    kind: StorageKind | None = None
    unit: Annotated[Id | None, FilterLookup("unit_id")] = None


class KeyOut(Schema):
    id: int
    code: str
    kind: str
    client: ClientBrief | None
    storage: StorageBrief | None
    hook: str


class KeyIn(InputSchema):
    code: Text40
    kind: KeyKind
    client: Id | None = None
    storage: Id | None = None
    hook: Blank40 = ""


class KeyPatch(PatchSchema):
    nullable = frozenset({"client", "storage"})

    code: Text40 | None = None
    kind: KeyKind | None = None
    client: Id | None = None
    storage: Id | None = None
    hook: Blank40 | None = None


class KeyFilter(FilterIn):
    client: Annotated[Id | None, FilterLookup("client_id")] = None
    storage: Annotated[Id | None, FilterLookup("storage_id")] = None
    kind: KeyKind | None = None
    unit: Annotated[Id | None, FilterLookup("client__unit_id")] = None
