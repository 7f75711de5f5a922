"""Routine versions (R16): everyone reads them; administrators record new ones."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from vredvakt.accounts.access import is_administrator
from vredvakt.accounts.apitools import (
    INPUT_ERRORS,
    READ_ERRORS,
    SIGNED_IN_ERRORS,
    VIA,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    Pagination,
    field_error,
    forbid,
    today_in_stockholm,
    user_of,
)
from vredvakt.routine_versions import services
from vredvakt.routine_versions.models import RoutineVersion
from vredvakt.routine_versions.schemas import RoutineVersionIn, RoutineVersionOut

router = Router(tags=["routine versions"])


@router.get("/routine-versions", response={200: list[RoutineVersionOut], **INPUT_ERRORS})
@paginate(Pagination)
def routine_version_list(request: HttpRequest) -> QuerySet[RoutineVersion]:
    return RoutineVersion.objects.order_by("-valid_from", "-decided_on", "-pk")


@router.get(
    "/routine-versions/current",
    response={200: RoutineVersionOut, **SIGNED_IN_ERRORS, 404: ErrorOut},
)
def routine_version_current(request: HttpRequest) -> RoutineVersion:
    """The version in force today; it may have expired (see `expired`, R16)."""
    version = RoutineVersion.objects.in_force(today_in_stockholm(timezone.now()))
    if version is None:
        raise Http404
    return version


@router.get("/routine-versions/{version_id}", response={200: RoutineVersionOut, **READ_ERRORS})
def routine_version_detail(request: HttpRequest, version_id: Id) -> RoutineVersion:
    return get_object_or_404(RoutineVersion, pk=version_id)


@router.post("/routine-versions", response={201: RoutineVersionOut, **WRITE_ERRORS})
def routine_version_create(
    request: HttpRequest, payload: RoutineVersionIn
) -> Status[RoutineVersion]:
    user = user_of(request)
    if not is_administrator(user):
        forbid(_("Only administrators can record routine versions."))
    fields = payload.model_dump()
    if payload.replaces is not None:
        fields["replaces"] = RoutineVersion.objects.filter(pk=payload.replaces).first()
        if fields["replaces"] is None:
            message = _("There is no routine version with id %(id)s.")
            raise field_error("replaces", message % {"id": payload.replaces})
    version = services.routine_version_create(actor=user, **fields, via=VIA, now=timezone.now())
    return Status(201, version)
