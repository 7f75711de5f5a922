from datetime import datetime
from typing import Annotated

from django.contrib.auth.models import User
from django.utils import timezone
from ninja import Schema
from ninja.filter_schema import FilterLookup
from pydantic import StringConstraints

from vredvakt.accounts.apitools import Blank160, FilterIn, Id, InputSchema
from vredvakt.keys.models import KeyLoan
from vredvakt.keys.schemas import StorageBrief
from vredvakt.lib.names import person_name

Token = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return person_name(obj)


class LoanKeyOut(Schema):
    id: int
    code: str
    kind: str
    storage: StorageBrief | None
    hook: str


class LoanEventOut(Schema):
    kind: str
    at: datetime
    actor: PersonOut
    from_user: PersonOut | None
    to_user: PersonOut | None
    place: StorageBrief | None


class LoanOut(Schema):
    id: int
    key: LoanKeyOut
    case: int | None
    reason: str
    signed_out_by: PersonOut
    signed_out_at: datetime
    holder: PersonOut
    due_back_at: datetime
    overdue: bool
    returned_at: datetime | None
    returned_by: PersonOut | None
    returned_to: StorageBrief | None
    events: list[LoanEventOut]

    @staticmethod
    def resolve_case(obj: KeyLoan) -> int | None:
        return obj.case_id

    @staticmethod
    def resolve_overdue(obj: KeyLoan) -> bool:
        return obj.returned_at is None and obj.due_back_at <= timezone.now()

    @staticmethod
    def resolve_events(obj: KeyLoan) -> list[object]:
        return list(obj.events.all())


class LoanIn(InputSchema):
    key: Id
    case: Id | None = None
    # Why, when the key is not for a fault case (R5).
    reason: Blank160 = ""
    # Default: the end of the current shift (R1, R2). Without an offset: Stockholm time.
    due_back: datetime | None = None
    token: Token = ""


class HandOverIn(InputSchema):
    to: Id
    token: Token = ""


class ReturnIn(InputSchema):
    # Default: the key's own place.
    place: Id | None = None
    token: Token = ""


class LoanFilter(FilterIn):
    open: Annotated[bool | None, FilterLookup("returned_at__isnull")] = None
    key: Annotated[Id | None, FilterLookup("key_id")] = None
    case: Annotated[Id | None, FilterLookup("case_id")] = None
    holder: Annotated[Id | None, FilterLookup("holder_id")] = None
