"""The lock registry. Reads that show a client's name and address are audit-logged."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from vredvakt.accounts.access import AnyUser
from vredvakt.accounts.apitools import (
    INPUT_ERRORS,
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    ClientReadPagination,
    Id,
    field_error,
    log_client_reads,
    user_of,
)
from vredvakt.clients.access import clients_visible_to
from vredvakt.clients.models import Client
from vredvakt.locks import services
from vredvakt.locks.access import (
    check_can_add_lock,
    check_can_change_lock,
    get_lock_for_user,
    locks_visible_to,
    with_client_visibility,
)
from vredvakt.locks.models import Lock
from vredvakt.locks.schemas import LockFilter, LockIn, LockOut, LockPatch

router = Router(tags=["locks"])


def _client(user: AnyUser, client_id: int | None) -> Client | None:
    if client_id is None:
        return None
    client = clients_visible_to(user).filter(pk=client_id).first()
    if client is None:
        raise field_error("client", _("There is no client with id %(id)s.") % {"id": client_id})
    return client


def _shown_clients(locks: list[Lock]) -> list[Any]:
    return [lock.client for lock in locks if lock.client is not None and lock.client_visible]  # type: ignore[attr-defined]


def _lock_out(request: HttpRequest, lock_id: Id) -> Lock:
    user = user_of(request)
    get_lock_for_user(user, lock_id)  # 404 unless visible
    return with_client_visibility(locks_visible_to(user), user).get(pk=lock_id)


@router.get("/locks", response={200: list[LockOut], **INPUT_ERRORS})
@paginate(ClientReadPagination, clients_of=_shown_clients)
def lock_list(request: HttpRequest, filters: Query[LockFilter]) -> QuerySet[Lock]:
    user = user_of(request)
    locks = with_client_visibility(locks_visible_to(user), user)
    return filters.filter(locks).order_by("vendor", "vendor_lock_id", "pk")


@router.get("/locks/{lock_id}", response={200: LockOut, **READ_ERRORS})
def lock_detail(request: HttpRequest, lock_id: Id) -> Lock:
    lock = _lock_out(request, lock_id)
    log_client_reads(request, _shown_clients([lock]))
    return lock


@router.post("/locks", response={201: LockOut, **WRITE_ERRORS})
def lock_create(request: HttpRequest, payload: LockIn) -> Status[Lock]:
    user = user_of(request)
    fields = payload.model_dump()
    fields["client"] = client = _client(user, payload.client)
    check_can_add_lock(user, client)
    lock = services.lock_create(actor=user, **fields, via=VIA, now=timezone.now())
    return Status(201, _lock_out(request, lock.pk))


@router.patch("/locks/{lock_id}", response={200: LockOut, **WRITE_ERRORS})
def lock_update(request: HttpRequest, lock_id: Id, payload: LockPatch) -> Lock:
    user = user_of(request)
    lock = get_lock_for_user(user, lock_id)
    changes = payload.changes()
    new_client = None
    if "client" in changes:
        changes["client"] = new_client = _client(user, changes["client"])
    check_can_change_lock(user, lock, new_client)
    if "client" in changes and new_client is None:
        # Taking a lock off a client leaves it without a unit: administrators only.
        check_can_add_lock(user, None)
    services.lock_update(actor=user, lock=lock, changes=changes, via=VIA, now=timezone.now())
    return _lock_out(request, lock.pk)
