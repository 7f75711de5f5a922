"""/me, units and memberships."""

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from vredvakt.accounts import services
from vredvakt.accounts.access import is_administrator, memberships_of, sees_all_units
from vredvakt.accounts.apitools import (
    INPUT_ERRORS,
    READ_ERRORS,
    SIGNED_IN_ERRORS,
    VIA,
    WRITE_ERRORS,
    Id,
    Pagination,
    field_error,
    forbid,
    user_of,
)
from vredvakt.accounts.models import Membership, Unit
from vredvakt.accounts.schemas import (
    MembershipFilter,
    MembershipIn,
    MembershipOut,
    MeOut,
    UnitFilter,
    UnitIn,
    UnitOut,
    UnitPatch,
)

router = Router(tags=["accounts"])


def _require_administrator(user: User, message: str) -> None:
    if not is_administrator(user):
        forbid(message)


@router.get("/me", response={200: MeOut, **SIGNED_IN_ERRORS})
def me(request: HttpRequest) -> dict[str, object]:
    user = user_of(request)
    memberships = memberships_of(user)
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_administrator": is_administrator(user),
        "sees_all_units": sees_all_units(user),
        "roles": sorted({m.role for m in memberships}),
        "memberships": memberships,
    }


# Units are the organisation chart, not personal data: everyone signed in sees them.
@router.get("/units", response={200: list[UnitOut], **INPUT_ERRORS})
@paginate(Pagination)
def unit_list(request: HttpRequest, filters: Query[UnitFilter]) -> object:
    return filters.filter(Unit.objects.order_by("name", "pk"))


@router.get("/units/{unit_id}", response={200: UnitOut, **READ_ERRORS})
def unit_detail(request: HttpRequest, unit_id: Id) -> Unit:
    return get_object_or_404(Unit, pk=unit_id)


@router.post("/units", response={201: UnitOut, **WRITE_ERRORS})
def unit_create(request: HttpRequest, payload: UnitIn) -> Status[Unit]:
    user = user_of(request)
    _require_administrator(user, _("Only administrators can add units."))
    unit = services.unit_create(actor=user, **payload.model_dump(), via=VIA, now=timezone.now())
    return Status(201, unit)


@router.patch("/units/{unit_id}", response={200: UnitOut, **WRITE_ERRORS})
def unit_update(request: HttpRequest, unit_id: Id, payload: UnitPatch) -> Unit:
    user = user_of(request)
    unit = get_object_or_404(Unit, pk=unit_id)
    _require_administrator(user, _("Only administrators can change units."))
    changes = payload.changes()
    return services.unit_update(actor=user, unit=unit, changes=changes, via=VIA, now=timezone.now())


@router.get("/memberships", response={200: list[MembershipOut], **INPUT_ERRORS})
@paginate(Pagination)
def membership_list(request: HttpRequest, filters: Query[MembershipFilter]) -> object:
    user = user_of(request)
    memberships = Membership.objects.select_related("user", "unit")
    if not is_administrator(user):
        # Everyone else sees only their own memberships.
        memberships = memberships.filter(user_id=user.pk)
    return filters.filter(memberships.order_by("unit__name", "user__username", "role", "pk"))


@router.post("/memberships", response={201: MembershipOut, **WRITE_ERRORS})
def membership_create(request: HttpRequest, payload: MembershipIn) -> Status[Membership]:
    actor = user_of(request)
    _require_administrator(actor, _("Only administrators can give people roles."))
    member = User.objects.filter(pk=payload.user).first()
    if member is None:
        raise field_error("user", _("There is no user with id %(id)s.") % {"id": payload.user})
    unit = Unit.objects.filter(pk=payload.unit).first()
    if unit is None:
        raise field_error("unit", _("There is no unit with id %(id)s.") % {"id": payload.unit})
    membership = services.membership_create(
        actor=actor, user=member, unit=unit, role=payload.role, via=VIA, now=timezone.now()
    )
    return Status(201, membership)


@router.delete("/memberships/{membership_id}", response={204: None, **WRITE_ERRORS})
def membership_delete(request: HttpRequest, membership_id: Id) -> Status[None]:
    actor = user_of(request)
    membership = Membership.objects.filter(pk=membership_id).first()
    if membership is None or not (is_administrator(actor) or membership.user_id == actor.pk):
        raise Http404
    _require_administrator(actor, _("Only administrators can take roles away."))
    services.membership_delete(actor=actor, membership=membership, via=VIA, now=timezone.now())
    return Status(204, None)
