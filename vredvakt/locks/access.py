from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from vredvakt.accounts.access import AnyUser, can_edit_unit, memberships_of, scope_to_units
from vredvakt.accounts.models import Role, UnitKind
from vredvakt.clients.access import clients_visible_to
from vredvakt.clients.models import Client
from vredvakt.locks.models import Lock

# The alarm group runs the lock technology for every unit, so it sees the whole fleet.
FLEET_ROLES = frozenset({Role.ALARM_GROUP})


def runs_the_fleet(user: AnyUser) -> bool:
    """The alarm group, and its unit managers, who lead a major outage (R11)."""
    leads = {Role.UNIT_MANAGER}
    return any(
        m.role in FLEET_ROLES or (m.role in leads and m.unit.kind == UnitKind.ALARM_GROUP)
        for m in memberships_of(user)
    )


def locks_visible_to(user: AnyUser) -> QuerySet[Lock]:
    if runs_the_fleet(user):
        # Every lock, but not whose door it is on (with_client_visibility).
        return Lock.objects.select_related("client", "client__unit")
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


def with_client_visibility(locks: QuerySet[Lock], user: AnyUser) -> QuerySet[Lock]:
    """Annotate `client_visible`: the alarm group sees every lock but not whose door it is on."""
    visible = clients_visible_to(user).filter(pk=OuterRef("client_id"))
    return locks.annotate(client_visible=Exists(visible))


def _unit_id(client: Client | None) -> int | None:
    return client.unit_id if client is not None else None


def check_can_add_lock(user: AnyUser, client: Client | None) -> None:
    if not can_edit_unit(user, _unit_id(client)):
        if client is None:
            raise PermissionDenied(_("Only administrators may register a lock without a client."))
        raise PermissionDenied(_("You may not register locks for this client."))


def check_can_change_lock(user: AnyUser, lock: Lock, new_client: Client | None = None) -> None:
    """PermissionDenied unless the user may change the lock (and its new client's unit)."""
    if not can_edit_unit(user, _unit_id(lock.client)):
        raise PermissionDenied(_("You can see this lock but not change it."))
    if new_client is not None and not can_edit_unit(user, new_client.unit_id):
        raise PermissionDenied(_("You may not move the lock to this client."))
