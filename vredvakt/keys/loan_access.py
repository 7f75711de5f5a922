"""Who may see and handle key loans (R1, R2, R5), in one place for views and the API.

Staff of a client's unit sign its keys out; the night patrol, who visit every
unit's clients at night (R2, R9), also take night/alarm keys. A loan is seen by
those who could handle its key, by its holder, and by the alarm group, which
looks after keys out too long. Anything out of scope answers 404.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404

from vredvakt.accounts.access import (
    AnyUser,
    has_role,
    is_administrator,
    memberships_of,
    sees_all_units,
    unit_ids_of,
)
from vredvakt.accounts.models import Role, UnitKind
from vredvakt.keys.models import Key, KeyKind, KeyLoan

# People who visit clients and may take their unit's keys.
STAFF_ROLES = frozenset({Role.CARE_WORKER, Role.COORDINATOR, Role.UNIT_MANAGER})


def _key_scope(user: AnyUser, prefix: str = "") -> Q | None:
    """A filter on keys the user may see for loans; None when they see every key."""
    if sees_all_units(user) or has_role(user, Role.ALARM_GROUP):
        return None
    scope = Q(**{f"{prefix}client__unit__in": unit_ids_of(user)})
    if has_role(user, Role.NIGHT_PATROL):
        scope |= Q(**{f"{prefix}kind": KeyKind.NIGHT_KEY, f"{prefix}client__isnull": False})
    return scope


def loan_keys_visible_to(user: AnyUser) -> QuerySet[Key]:
    keys = Key.objects.select_related("client", "client__unit", "storage")
    if not user.is_authenticated:
        return keys.none()
    scope = _key_scope(user)
    return keys if scope is None else keys.filter(scope)


def loans_visible_to(user: AnyUser) -> QuerySet[KeyLoan]:
    loans = KeyLoan.objects.select_related(
        "key", "key__client", "key__storage", "holder", "signed_out_by", "returned_by"
    ).select_related("returned_to", "case")
    if not user.is_authenticated:
        return loans.none()
    scope = _key_scope(user, "key__")
    return loans if scope is None else loans.filter(scope | Q(holder_id=user.pk))


def get_loan_for_user(user: AnyUser, pk: int) -> KeyLoan:
    loan = loans_visible_to(user).filter(pk=pk).first()
    if loan is None:
        raise Http404("No such key loan.")
    return loan


def get_loan_key_for_user(user: AnyUser, pk: int) -> Key:
    key = loan_keys_visible_to(user).filter(pk=pk).first()
    if key is None:
        raise Http404("No such key.")
    return key


def can_sign_out(user: AnyUser, key: Key) -> bool:
    if is_administrator(user):
        return True
    if key.client is None:
        return False
    if key.client.unit_id in unit_ids_of(user, STAFF_ROLES):
        return True
    return key.kind == KeyKind.NIGHT_KEY and has_role(user, Role.NIGHT_PATROL)


def can_act_on_loan(user: AnyUser, loan: KeyLoan) -> bool:
    """The holder, or anyone who could have taken the key (a return for someone else)."""
    return loan.holder_id == user.pk or can_sign_out(user, loan.key)


def colleagues_for(key: Key) -> QuerySet[User]:
    """Who may receive the key in a hand-over: staff of the client's unit (and at night R2)."""
    users = get_user_model().objects.filter(is_active=True)
    if key.client is None:
        return users.none()
    wanted = Q(memberships__unit_id=key.client.unit_id, memberships__role__in=STAFF_ROLES)
    if key.kind == KeyKind.NIGHT_KEY:
        wanted |= Q(memberships__role=Role.NIGHT_PATROL)
    return users.filter(wanted).distinct().order_by("first_name", "last_name", "username")


def can_see_health(user: AnyUser) -> bool:
    return sees_all_units(user) or has_role(user, Role.ALARM_GROUP, Role.UNIT_MANAGER)


def health_units(user: AnyUser) -> set[int] | None:
    """The units whose register a user checks; None for all of them."""
    if sees_all_units(user) or has_role(user, Role.ALARM_GROUP):
        return None
    # The alarm group's own manager looks after the whole fleet with them (R11).
    managed = [m for m in memberships_of(user) if m.role == Role.UNIT_MANAGER]
    if any(m.unit.kind == UnitKind.ALARM_GROUP for m in managed):
        return None
    return {m.unit_id for m in managed}
