from typing import Annotated

from ninja import Field, Schema
from ninja.filter_schema import FilterLookup

from vredvakt.accounts.apitools import (
    Blank30,
    Email,
    FilterIn,
    Id,
    InputSchema,
    PatchSchema,
    Slug40,
    Text120,
)
from vredvakt.accounts.models import Provider, Role, UnitKind


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    provider: str
    email: str
    phone: str


class UnitBrief(Schema):
    id: int
    code: str
    name: str


class UnitIn(InputSchema):
    code: Slug40
    name: Text120
    kind: UnitKind
    provider: Provider = Provider.INTERNAL
    email: Email = ""
    phone: Blank30 = ""


class UnitPatch(PatchSchema):
    code: Slug40 | None = None
    name: Text120 | None = None
    kind: UnitKind | None = None
    provider: Provider | None = None
    email: Email | None = None
    phone: Blank30 | None = None


class UnitFilter(FilterIn):
    kind: UnitKind | None = None
    provider: Provider | None = None


class MembershipOut(Schema):
    id: int
    user_id: int
    username: str = Field(alias="user.username")
    unit: UnitBrief
    role: str


class MembershipIn(InputSchema):
    user: Id
    unit: Id
    role: Role


class MembershipFilter(FilterIn):
    user: Annotated[Id | None, FilterLookup("user_id")] = None
    unit: Annotated[Id | None, FilterLookup("unit_id")] = None
    role: Role | None = None


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_administrator: bool
    sees_all_units: bool
    roles: list[str]
    memberships: list[MembershipOut]
