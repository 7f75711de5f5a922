from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model
from django.utils import timezone

from vredvakt.audit.models import AuditEntry


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    via: str,
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        at=now or timezone.now(),
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        via=via,
        detail=detail or {},
    )


def audit_client_read(
    *, user: AbstractBaseUser | AnonymousUser, clients: list[Model], via: str
) -> None:
    """Personal data: every read of a client's details is logged."""
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            at=now,
            actor_id=user.pk,
            action="client.read",
            object_type="clients.client",
            object_id=str(client.pk),
            via=via,
        )
        for client in clients
    )
