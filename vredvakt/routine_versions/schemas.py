from datetime import date
from typing import Any

from django.utils import timezone
from ninja import Schema

from vredvakt.accounts.apitools import (
    Email,
    Id,
    InputSchema,
    Text20,
    Text120,
    Text200,
    today_in_stockholm,
)
from vredvakt.routine.parameters import InvalidParameters
from vredvakt.routine_versions.models import RoutineVersion


class RoutineVersionOut(Schema):
    id: int
    code: str
    title: str
    decided_by: str
    decided_on: date
    valid_from: date
    valid_until: date
    owner: str
    owner_email: str
    replaces_id: int | None
    parameters: dict[str, Any]
    # R16: past its valid-until date; managers are warned and the owner must renew it.
    expired: bool

    @staticmethod
    def resolve_parameters(version: RoutineVersion) -> dict[str, Any]:
        # Every parameter, the working hours too (#12), even for a version stored before
        # a parameter existed: what a case under it runs with.
        try:
            return version.params.to_json()
        except InvalidParameters:
            return dict(version.parameters)

    @staticmethod
    def resolve_expired(version: RoutineVersion) -> bool:
        return version.is_expired(today_in_stockholm(timezone.now()))


class RoutineVersionIn(InputSchema):
    code: Text20
    title: Text200
    decided_by: Text120
    decided_on: date
    valid_from: date
    valid_until: date
    owner: Text120
    owner_email: Email = ""
    replaces: Id | None = None
    # Omitted parameters take the defaults; the stored version lists every value.
    parameters: dict[str, Any] = {}
