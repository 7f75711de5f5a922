from django.db.models import QuerySet
from django.http import Http404

from vredvakt.accounts.access import AnyUser, can_edit_unit, scope_to_units
from vredvakt.keys.models import Key


def keys_visible_to(user: AnyUser) -> QuerySet[Key]:
    keys = Key.objects.select_related("client", "client__unit", "storage")
    return scope_to_units(keys, user, "client__unit")


def get_key_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Key:
    key = keys_visible_to(user).filter(pk=pk).first()
    unit_id = key.client.unit_id if key is not None and key.client is not None else None
    if key is None or (write and not can_edit_unit(user, unit_id)):
        raise Http404("No such key.")
    return key
