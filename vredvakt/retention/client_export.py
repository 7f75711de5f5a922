"""Everything Vredvakt holds about one client, as one JSON document (GDPR art. 15, #14 item 7).

Rows are written field by field as stored (foreign keys as ids), so nothing
is left out by a serializer that was not updated; lock telemetry as a
summary per lock (every heartbeat of a year would bury the rest).
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Model, Q

from vredvakt.accounts.access import has_role, is_administrator, unit_ids_of
from vredvakt.accounts.models import Role
from vredvakt.audit.models import AuditEntry
from vredvakt.audit.services import audit_record
from vredvakt.cases.models import FaultCase
from vredvakt.clients.access import get_client_for_user
from vredvakt.clients.models import Client
from vredvakt.keys.models import Key, KeyLoan
from vredvakt.locks.models import Lock, LockEvent
from vredvakt.notifications.models import Message

FORMAT = "vredvakt-client-export-1"


def row(obj: Model) -> dict[str, Any]:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _refs(model: type[Model], pks: list[Any]) -> Q:
    return Q(object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in pks])


def _lock(lock: Lock) -> dict[str, Any]:
    events = LockEvent.objects.filter(lock=lock)
    summary = events.aggregate(count=Count("pk"), first=Min("at"), last=Max("at"))
    by_type = dict(events.values_list("type").annotate(n=Count("pk")).order_by("type"))
    return {**row(lock), "events": {**summary, "by_type": by_type}}


def _case(case: FaultCase) -> dict[str, Any]:
    return {
        **row(case),
        "steps": [row(step) for step in case.steps.all()],
        "timeline": [row(entry) for entry in case.timeline.all()],
    }


def client_export_data(*, client: Client, now: datetime) -> dict[str, Any]:
    """The document; reading it is the caller's to audit (client_export)."""
    locks = list(Lock.objects.filter(client=client))
    keys = list(Key.objects.filter(client=client))
    cases = list(FaultCase.objects.filter(client=client).prefetch_related("steps", "timeline"))
    loans = list(KeyLoan.objects.filter(Q(key__in=keys) | Q(case__in=cases)).distinct())
    case_ids = [str(case.pk) for case in cases]
    messages = Message.objects.filter(
        Q(subject_type="clients.client", subject_id=str(client.pk))
        | Q(subject_type="cases.faultcase", subject_id__in=case_ids)
    )
    about = (
        _refs(Client, [client.pk])
        | _refs(FaultCase, [c.pk for c in cases])
        | _refs(Lock, [lock.pk for lock in locks])
        | _refs(Key, [key.pk for key in keys])
        | _refs(KeyLoan, [loan.pk for loan in loans])
    )
    return {
        "format": FORMAT,
        "exported_at": now,
        "client": row(client),
        "care_decisions": [row(d) for d in client.care_decisions.all()],
        "locks": [_lock(lock) for lock in locks],
        "keys": [row(key) for key in keys],
        "key_loans": [row(loan) for loan in loans],
        "cases": [_case(case) for case in cases],
        "notifications": [row(m) for m in messages.order_by("pk")],
        "audit_entries": [row(e) for e in AuditEntry.objects.filter(about).order_by("at", "pk")],
    }


def check_can_export(user: AbstractBaseUser | AnonymousUser, client: Client) -> None:
    """Unit managers of the client's unit and the operations manager (and administrators)."""
    if is_administrator(user) or has_role(user, Role.OPERATIONS_MANAGER):
        return
    if client.unit_id in unit_ids_of(user, frozenset({Role.UNIT_MANAGER})):
        return
    raise PermissionDenied("Only the client's unit manager or the operations manager may export.")


def can_export(user: AbstractBaseUser | AnonymousUser, client: Client) -> bool:
    try:
        check_can_export(user, client)
    except PermissionDenied:
        return False
    return True


def get_client_to_export(user: AbstractBaseUser | AnonymousUser, pk: int) -> Client:
    # Someone who cannot see the client gets "not found" (404), as everywhere.
    client = get_client_for_user(user, pk)
    check_can_export(user, client)
    return client


def client_export(
    *, client: Client, actor: AbstractBaseUser | AnonymousUser | None, via: str, now: datetime
) -> dict[str, Any]:
    """The document, with an audit entry saying who took it out and when."""
    data = client_export_data(client=client, now=now)
    audit_record(actor=actor, action="client.export", obj=client, via=via, now=now)
    return data
