"""Key storage places and spare keys. Key reads show the client, so they are audit-logged."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from vredvakt.accounts.access import AnyUser, is_administrator
from vredvakt.accounts.apitools import (
    INPUT_ERRORS,
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    ClientReadPagination,
    Id,
    Pagination,
    field_error,
    forbid,
    log_client_reads,
    user_of,
)
from vredvakt.accounts.models import Unit
from vredvakt.clients.access import clients_visible_to
from vredvakt.clients.models import Client
from vredvakt.keys import services
from vredvakt.keys.access import (
    check_can_add_key,
    check_can_change_key,
    get_key_for_user,
    get_key_storage_for_user,
    key_storages_visible_to,
    keys_visible_to,
)
from vredvakt.keys.models import Key, KeyStorage
from vredvakt.keys.schemas import (
    KeyFilter,
    KeyIn,
    KeyOut,
    KeyPatch,
    StorageFilter,
    StorageIn,
    StorageOut,
    StoragePatch,
)

router = Router(tags=["keys"])


def _require_administrator(user: AnyUser) -> None:
    if not is_administrator(user):
        forbid(_("Only administrators can add or change key storage places."))


def _unit(unit_id: int | None) -> Unit | None:
    if unit_id is None:
        return None
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise field_error("unit", _("There is no unit with id %(id)s.") % {"id": unit_id})
    return unit


def _client(user: AnyUser, client_id: int | None) -> Client | None:
    if client_id is None:
        return None
    client = clients_visible_to(user).filter(pk=client_id).first()
    if client is None:
        raise field_error("client", _("There is no client with id %(id)s.") % {"id": client_id})
    return client


def _storage(user: AnyUser, storage_id: int | None) -> KeyStorage | None:
    if storage_id is None:
        return None
    storage = key_storages_visible_to(user).filter(pk=storage_id).first()
    if storage is None:
        message = _("There is no key storage place with id %(id)s.")
        raise field_error("storage", message % {"id": storage_id})
    return storage


@router.get("/key-storages", response={200: list[StorageOut], **INPUT_ERRORS})
@paginate(Pagination)
def storage_list(request: HttpRequest, filters: Query[StorageFilter]) -> QuerySet[KeyStorage]:
    storages = key_storages_visible_to(user_of(request))
    return filters.filter(storages).order_by("name", "pk")


@router.get("/key-storages/{storage_id}", response={200: StorageOut, **READ_ERRORS})
def storage_detail(request: HttpRequest, storage_id: Id) -> KeyStorage:
    return get_key_storage_for_user(user_of(request), storage_id)


@router.post("/key-storages", response={201: StorageOut, **WRITE_ERRORS})
def storage_create(request: HttpRequest, payload: StorageIn) -> Status[KeyStorage]:
    user = user_of(request)
    _require_administrator(user)
    fields = payload.model_dump()
    fields["unit"] = _unit(payload.unit)
    storage = services.key_storage_create(actor=user, **fields, via=VIA, now=timezone.now())
    return Status(201, storage)


@router.patch("/key-storages/{storage_id}", response={200: StorageOut, **WRITE_ERRORS})
def storage_update(request: HttpRequest, storage_id: Id, payload: StoragePatch) -> KeyStorage:
    user = user_of(request)
    storage = get_key_storage_for_user(user, storage_id)
    _require_administrator(user)
    changes = payload.changes()
    if "unit" in changes:
        changes["unit"] = _unit(changes["unit"])
    return services.key_storage_update(
        actor=user, storage=storage, changes=changes, via=VIA, now=timezone.now()
    )


def _shown_clients(keys: list[Key]) -> list[Any]:
    return [key.client for key in keys if key.client is not None]


@router.get("/keys", response={200: list[KeyOut], **INPUT_ERRORS})
@paginate(ClientReadPagination, clients_of=_shown_clients)
def key_list(request: HttpRequest, filters: Query[KeyFilter]) -> QuerySet[Key]:
    keys = keys_visible_to(user_of(request))
    return filters.filter(keys).order_by("code", "pk")


@router.get("/keys/{key_id}", response={200: KeyOut, **READ_ERRORS})
def key_detail(request: HttpRequest, key_id: Id) -> Key:
    key = get_key_for_user(user_of(request), key_id)
    log_client_reads(request, _shown_clients([key]))
    return key


@router.post("/keys", response={201: KeyOut, **WRITE_ERRORS})
def key_create(request: HttpRequest, payload: KeyIn) -> Status[Key]:
    user = user_of(request)
    fields = payload.model_dump()
    fields["client"] = client = _client(user, payload.client)
    fields["storage"] = _storage(user, payload.storage)
    check_can_add_key(user, client)
    key = services.key_create(actor=user, **fields, via=VIA, now=timezone.now())
    return Status(201, key)


@router.patch("/keys/{key_id}", response={200: KeyOut, **WRITE_ERRORS})
def key_update(request: HttpRequest, key_id: Id, payload: KeyPatch) -> Key:
    user = user_of(request)
    key = get_key_for_user(user, key_id)
    changes = payload.changes()
    new_client = None
    if "client" in changes:
        changes["client"] = new_client = _client(user, changes["client"])
    if "storage" in changes:
        changes["storage"] = _storage(user, changes["storage"])
    check_can_change_key(user, key, new_client)
    if "client" in changes and new_client is None:
        check_can_add_key(user, None)
    return services.key_update(actor=user, key=key, changes=changes, via=VIA, now=timezone.now())
