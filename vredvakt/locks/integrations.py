"""A vendor's integration and its signing secret: create, rotate, finish a rotation.

The secret is shown once, when it is made; afterwards only its masked form.
"""

import secrets
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from vredvakt.audit.services import audit_record
from vredvakt.locks.models import Integration

Actor = AbstractBaseUser | AnonymousUser | None


# `vredvakt simulate` reads an integration's secret from here: not from argv,
# where `ps` shows it to every user and a secret that begins with "-" reads as an option.
SIMULATOR_SECRET_ENV = "VREDVAKT_SIMULATOR_SECRET"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def masked(secret: str) -> str:
    return f"{secret[:4]}…{'•' * 8}" if secret else ""


def integration_create(
    *, name: str, vendor: str, now: datetime, actor: Actor = None, via: str = "cli"
) -> Integration:
    # The name travels in an HTTP header: letters, digits, - and _ only.
    validate_slug(name)
    with transaction.atomic():
        integration = Integration.objects.create(
            name=name, vendor=vendor, secret=new_secret(), created_at=now
        )
        audit_record(
            actor=actor,
            action="integration.create",
            obj=integration,
            via=via,
            detail={"vendor": vendor},
            now=now,
        )
    return integration


def integration_rotate_secret(
    *, integration: Integration, now: datetime, actor: Actor = None, via: str = "cli"
) -> str:
    """A new secret; the old one stays valid until the rotation is finished."""
    with transaction.atomic():
        integration.previous_secret = integration.secret
        integration.secret = new_secret()
        integration.secret_rotated_at = now
        integration.save(update_fields=["secret", "previous_secret", "secret_rotated_at"])
        audit_record(
            actor=actor, action="integration.rotate_secret", obj=integration, via=via, now=now
        )
    return integration.secret


def integration_finish_rotation(
    *, integration: Integration, now: datetime, actor: Actor = None, via: str = "cli"
) -> None:
    """The vendor signs with the new secret now: the old one stops working."""
    with transaction.atomic():
        integration.previous_secret = ""
        integration.save(update_fields=["previous_secret"])
        audit_record(
            actor=actor, action="integration.finish_rotation", obj=integration, via=via, now=now
        )


def integration_revoke(
    *, integration: Integration, now: datetime, actor: Actor = None, via: str = "cli"
) -> None:
    """The integration's secrets stop working for good; the row stays as the record."""
    with transaction.atomic():
        locked = Integration.objects.select_for_update().get(pk=integration.pk)
        if locked.revoked_at is not None:
            raise ValidationError(
                _("The integration %(name)s is already revoked.") % {"name": locked.name}
            )
        locked.revoked_at = now
        locked.revoked_by = actor if isinstance(actor, User) else None
        locked.active = False
        locked.save(update_fields=["revoked_at", "revoked_by", "active"])
        audit_record(actor=actor, action="integration.revoke", obj=locked, via=via, now=now)
    integration.refresh_from_db()
