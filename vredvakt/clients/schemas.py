from datetime import date
from typing import Annotated

from django.db.models import Q
from ninja import Schema
from ninja.filter_schema import FilterLookup

from vredvakt.accounts.apitools import (
    Blank160,
    FilterIn,
    Id,
    InputSchema,
    Notes,
    PatchSchema,
    Text10,
    Text40,
    Text80,
)
from vredvakt.accounts.apitools import Text120 as Address
from vredvakt.accounts.schemas import UnitBrief
from vredvakt.clients.decision_status import DecisionStatus

SEARCH_FIELDS = (
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "city",
    "reference",
)


class ClientOut(Schema):
    id: int
    reference: str
    first_name: str
    last_name: str
    street_address: str
    postal_code: str
    city: str
    unit: UnitBrief
    contact_notes: str


class ClientIn(InputSchema):
    reference: Text40
    first_name: Text80
    last_name: Text80
    street_address: Address
    postal_code: Text10
    city: Text80
    unit: Id
    contact_notes: Notes = ""


class ClientPatch(PatchSchema):
    reference: Text40 | None = None
    first_name: Text80 | None = None
    last_name: Text80 | None = None
    street_address: Address | None = None
    postal_code: Text10 | None = None
    city: Text80 | None = None
    unit: Id | None = None
    contact_notes: Notes | None = None


class ClientFilter(FilterIn):
    q: Blank160 | None = None
    unit: Annotated[Id | None, FilterLookup("unit_id")] = None

    def filter_q(self, value: str | None) -> Q:
        # Every word must match some field, so "Karin Storgatan" finds Karin on Storgatan.
        query = Q()
        for word in (value or "").split():
            any_field = Q()
            for field in SEARCH_FIELDS:
                any_field |= Q(**{f"{field}__icontains": word})
            query &= any_field
        return query


class ClientBrief(Schema):
    id: int
    reference: str
    first_name: str
    last_name: str
    full_address: str


class DecisionOut(Schema):
    id: int
    reference: str
    client: ClientBrief
    valid_from: date
    valid_until: date
    assessor_id: int | None
    status: DecisionStatus


class DecisionIn(InputSchema):
    reference: Text40
    client: Id
    valid_from: date
    valid_until: date
    assessor: Id | None = None


class DecisionPatch(PatchSchema):
    nullable = frozenset({"assessor"})

    reference: Text40 | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    assessor: Id | None = None


class DecisionFilter(FilterIn):
    client: Annotated[Id | None, FilterLookup("client_id")] = None
    unit: Annotated[Id | None, FilterLookup("client__unit_id")] = None
    status: DecisionStatus | None = None
