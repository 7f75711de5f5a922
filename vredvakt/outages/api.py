"""Major outages over HTTP (R11–R15): the same services and access checks as the pages.

An outage is visible to the alarm group, unit managers, the operations manager
and administrators; anyone else gets 404. Declaring is for the alarm group and
the leaders; leading (notify, update, restore) for the alarm group's unit
manager, the operations manager and administrators; the deviation (R15) for
the operations manager. Refused by the outage's state: 409; bad input: 400/422.
"""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from vredvakt.accounts.access import AnyUser
from vredvakt.accounts.apitools import (
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    Id,
    InputSchema,
    Pagination,
    carried_out,
    forbid,
    user_of,
)
from vredvakt.lib.names import person_name
from vredvakt.outages.access import (
    can_declare,
    can_lead,
    can_report_deviation,
    get_outage_for_user,
    outages_visible_to,
    takes_part,
)
from vredvakt.outages.correlation import Scope
from vredvakt.outages.figures import affected_units, outage_figures
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import (
    outage_declare,
    outage_deviation_reported,
    outage_notify_managers,
    outage_restore,
    outage_send_update,
)

router = Router(tags=["outages"])


class FiguresOut(Schema):
    cases: int
    down: int
    back: int
    out_of_order: int


class OutageOut(Schema):
    id: int
    status: str
    source: str
    cause: str
    description: str
    areas: list[str]
    gateways: list[str]
    vendors: list[str]
    silent_vendors: list[str]
    opened_at: datetime
    announced_at: datetime | None
    leader: str | None
    managers_notified_at: datetime | None
    last_update_at: datetime | None
    restore_proposed_at: datetime | None
    restored_at: datetime | None
    deviation_reference: str
    deviation_reported_at: datetime | None
    units: list[str]
    figures: FiguresOut

    @staticmethod
    def resolve_leader(outage: MajorOutage) -> str | None:
        leader = outage.leader
        return person_name(leader) if leader else None

    @staticmethod
    def resolve_units(outage: MajorOutage) -> list[str]:
        return [unit.name for unit in affected_units(outage)]

    @staticmethod
    def resolve_figures(outage: MajorOutage) -> dict[str, int]:
        figures = outage_figures(outage)
        return {
            "cases": figures.cases,
            "down": figures.down,
            "back": figures.back,
            "out_of_order": figures.out_of_order,
        }


class DeclareIn(InputSchema):
    description: str = Field(..., min_length=1, max_length=2000)
    areas: list[str] = Field(default_factory=list, max_length=200)
    gateways: list[str] = Field(default_factory=list, max_length=200)
    vendors: list[str] = Field(default_factory=list, max_length=50)


# What the leader writes may name a client: it stays in Vredvakt (outages.notices).
WRITTEN = (
    "Shown in Vredvakt, behind login, to every unit manager and the operations manager; "
    "their email says it is waiting and links to the outage, and carries the text itself "
    "only when the routine version in force allows personal data by email."
)


class UpdateIn(InputSchema):
    text: str = Field(..., min_length=1, max_length=2000, description=WRITTEN)


class RestoreIn(InputSchema):
    note: str = Field("", max_length=2000, description=WRITTEN)


class OutageDeviationIn(InputSchema):
    reference: str = Field(..., min_length=1, max_length=100)


ACTION = {200: OutageOut, **WRITE_ERRORS}


def _out(outage: MajorOutage) -> MajorOutage:
    outage.refresh_from_db()
    return outage


def _visible(user: AnyUser) -> None:
    # As on the pages: unit staff whose unit has cases in an outage take part in it (#13).
    if not takes_part(user):
        raise Http404("No such outage.")


def _outage(request: HttpRequest, outage_id: Id, *, lead: bool = False) -> MajorOutage:
    user = user_of(request)
    outage = get_outage_for_user(user, outage_id)
    if lead and not can_lead(user):
        forbid(_("Only the alarm group's unit manager or the operations manager leads an outage."))
    return outage


@router.get(
    "/outages",
    response={200: list[OutageOut], **READ_ERRORS},
    summary="Major outages, the ongoing one first",
)
@paginate(Pagination)
def outage_list(request: HttpRequest) -> QuerySet[MajorOutage]:
    user = user_of(request)
    _visible(user)
    return outages_visible_to(user).order_by("status", "-opened_at", "-pk")


@router.get("/outages/{outage_id}", response={200: OutageOut, **READ_ERRORS})
def outage_read(request: HttpRequest, outage_id: Id) -> MajorOutage:
    return _out(_outage(request, outage_id))


@router.post(
    "/outages",
    response={201: OutageOut, **WRITE_ERRORS},
    summary="Declare a major outage by hand (R11)",
)
def outage_create(request: HttpRequest, payload: DeclareIn) -> Status[Any]:
    user = user_of(request)
    _visible(user)
    if not can_declare(user):
        forbid(_("Only the alarm group and its unit manager declare a major outage."))
    scope = Scope(
        area=set(payload.areas), gateway=set(payload.gateways), vendor=set(payload.vendors)
    )
    outage = carried_out(
        lambda: outage_declare(
            by=user, description=payload.description, scope=scope, now=timezone.now(), via=VIA
        )
    )
    return Status(201, _out(outage))


@router.post(
    "/outages/{outage_id}/notify",
    response=ACTION,
    summary="Tell every unit manager and the operations manager, once (R12, R13)",
)
def outage_notify(request: HttpRequest, outage_id: Id) -> MajorOutage:
    outage = _outage(request, outage_id, lead=True)
    carried_out(
        lambda: outage_notify_managers(
            outage=outage, by=user_of(request), now=timezone.now(), via=VIA
        )
    )
    return _out(outage)


@router.post(
    "/outages/{outage_id}/updates",
    response=ACTION,
    summary="Send a status update to every unit manager and the operations manager (R12)",
)
def outage_update(request: HttpRequest, outage_id: Id, payload: UpdateIn) -> MajorOutage:
    outage = _outage(request, outage_id, lead=True)
    carried_out(
        lambda: outage_send_update(
            outage=outage, by=user_of(request), text=payload.text, now=timezone.now(), via=VIA
        )
    )
    return _out(outage)


@router.post(
    "/outages/{outage_id}/restore",
    response=ACTION,
    summary='The locks work again: "back in function" goes out once (R13)',
)
def outage_restored(
    request: HttpRequest, outage_id: Id, payload: RestoreIn | None = None
) -> MajorOutage:
    outage = _outage(request, outage_id, lead=True)
    note = payload.note if payload is not None else ""
    carried_out(
        lambda: outage_restore(
            outage=outage, by=user_of(request), note=note, now=timezone.now(), via=VIA
        )
    )
    return _out(outage)


@router.post(
    "/outages/{outage_id}/deviation",
    response=ACTION,
    summary="The operations manager has reported the deviation (R15)",
)
def outage_deviation(
    request: HttpRequest, outage_id: Id, payload: OutageDeviationIn
) -> MajorOutage:
    outage = _outage(request, outage_id)
    user = user_of(request)
    if not can_report_deviation(user):
        forbid(_("The operations manager reports the deviation of a major outage."))
    carried_out(
        lambda: outage_deviation_reported(
            outage=outage, by=user, reference=payload.reference, now=timezone.now(), via=VIA
        )
    )
    return _out(outage)
