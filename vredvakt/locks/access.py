from django.db.models import QuerySet
from django.http import Http404

from vredvakt.accounts.access import AnyUser, can_edit_unit, scope_to_units
from vredvakt.accounts.models import Role
from vredvakt.locks.models import Lock

# The alarm group runs the lock technology for every unit, so it sees the whole fleet.
FLEET_ROLES = frozenset({Role.ALARM_GROUP})


def locks_visible_to(user: AnyUser) -> QuerySet[Lock]:
    return scope_to_units(
        Lock.objects.select_related("client", "client__unit"),
        user,
        "client__unit",
        all_roles=FLEET_ROLES,
    )


def get_lock_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Lock:
    lock = locks_visible_to(user).filter(pk=pk).first()
    unit_id = lock.client.unit_id if lock is not None and lock.client is not None else None
    if lock is None or (write and not can_edit_unit(user, unit_id)):
        raise Http404("No such lock.")
    return lock
