from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from vredvakt.accounts.access import (
    AnyUser,
    can_edit_unit,
    scope_to_units,
    sees_all_units,
    unit_ids_of,
)
from vredvakt.clients.models import Client
from vredvakt.keys.models import Key, KeyStorage


def keys_visible_to(user: AnyUser) -> QuerySet[Key]:
    keys = Key.objects.select_related("client", "client__unit", "storage")
    return scope_to_units(keys, user, "client__unit")


def get_key_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Key:
    key = keys_visible_to(user).filter(pk=pk).first()
    unit_id = key.client.unit_id if key is not None and key.client is not None else None
    if key is None or (write and not can_edit_unit(user, unit_id)):
        raise Http404("No such key.")
    return key


def key_storages_visible_to(user: AnyUser) -> QuerySet[KeyStorage]:
    """Service houses serve every unit at night (R2); a unit's cabinet is its own."""
    storages = KeyStorage.objects.select_related("unit")
    if not user.is_authenticated:
        return storages.none()
    if sees_all_units(user):
        return storages
    return storages.filter(Q(unit__isnull=True) | Q(unit__in=unit_ids_of(user)))


def get_key_storage_for_user(user: AnyUser, pk: int) -> KeyStorage:
    storage = key_storages_visible_to(user).filter(pk=pk).first()
    if storage is None:
        raise Http404("No such key storage place.")
    return storage


def _unit_id(client: Client | None) -> int | None:
    return client.unit_id if client is not None else None


def check_can_add_key(user: AnyUser, client: Client | None) -> None:
    if not can_edit_unit(user, _unit_id(client)):
        if client is None:
            raise PermissionDenied(_("Only administrators may register a key without a client."))
        raise PermissionDenied(_("You may not register keys for this client."))


def check_can_change_key(user: AnyUser, key: Key, new_client: Client | None = None) -> None:
    """PermissionDenied unless the user may change the key (and its new client's unit)."""
    if not can_edit_unit(user, _unit_id(key.client)):
        raise PermissionDenied(_("You can see this key but not change it."))
    if new_client is not None and not can_edit_unit(user, new_client.unit_id):
        raise PermissionDenied(_("You may not move the key to this client."))
