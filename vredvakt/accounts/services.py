"""State changes for units, memberships and API tokens."""

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vredvakt.accounts.models import ApiToken, Membership, Unit
from vredvakt.audit.services import audit_record
from vredvakt.lib.change_sets import apply_changes, save_or_conflict

Actor = AbstractBaseUser | AnonymousUser | None

UNIT_FIELDS = ("code", "name", "kind", "provider", "email", "phone")
TOKEN_PREFIX = "vv_"
# Writing last_used_at on every request would make each API call a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _unit_conflicts(unit: Unit) -> dict[str, str]:
    others = Unit.objects.exclude(pk=unit.pk)
    found = {}
    if others.filter(code=unit.code).exists():
        found["code"] = _("A unit with the code %(code)s already exists.") % {"code": unit.code}
    if others.filter(name=unit.name).exists():
        found["name"] = _("A unit named %(name)s already exists.") % {"name": unit.name}
    return found


def unit_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    provider: str,
    email: str = "",
    phone: str = "",
    via: str,
    now: datetime,
) -> Unit:
    unit = Unit(code=code, name=name, kind=kind, provider=provider, email=email, phone=phone)
    with transaction.atomic():
        save_or_conflict(unit, lambda: _unit_conflicts(unit))
        audit_record(actor=actor, action="unit.create", obj=unit, via=via, now=now)
    return unit


def unit_update(
    *, actor: Actor, unit: Unit, changes: Mapping[str, Any], via: str, now: datetime
) -> Unit:
    with transaction.atomic():
        changed = apply_changes(unit, changes, UNIT_FIELDS)
        if changed:
            save_or_conflict(unit, lambda: _unit_conflicts(unit), list(changed))
            detail = {"fields": list(changed)}
            audit_record(
                actor=actor,
                action="unit.update",
                obj=unit,
                via=via,
                detail=detail,
                changes=changed,
                now=now,
            )
    return unit


def membership_create(
    *, actor: Actor, user: User, unit: Unit, role: str, via: str, now: datetime
) -> Membership:
    membership = Membership(user=user, unit=unit, role=role)

    def conflicts() -> dict[str, str]:
        message = _("%(user)s already has this role in %(unit)s.") % {"user": user, "unit": unit}
        return {"role": message}

    with transaction.atomic():
        save_or_conflict(membership, conflicts)
        detail = {"user": user.pk, "unit": unit.pk, "role": role}
        audit_record(
            actor=actor, action="membership.create", obj=membership, via=via, detail=detail, now=now
        )
    return membership


def membership_delete(*, actor: Actor, membership: Membership, via: str, now: datetime) -> None:
    detail = {"user": membership.user_id, "unit": membership.unit_id, "role": membership.role}
    with transaction.atomic():
        audit_record(
            actor=actor, action="membership.delete", obj=membership, via=via, detail=detail, now=now
        )
        membership.delete()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(
    *, actor: Actor, user: User, name: str, via: str, now: datetime
) -> tuple[ApiToken, str]:
    """A new token for `user`; the token itself is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    api_token = ApiToken(user=user, name=name, token_hash=token_hash(token), created_at=now)

    def conflicts() -> dict[str, str]:
        return {
            "name": _("%(user)s already has a token named %(name)s.") % {"user": user, "name": name}
        }

    with transaction.atomic():
        save_or_conflict(api_token, conflicts)
        audit_record(
            actor=actor,
            action="api_token.create",
            obj=api_token,
            via=via,
            detail={"name": name},
            now=now,
        )
    return api_token, token


def api_token_revoke(*, actor: Actor, user: User, name: str, via: str, now: datetime) -> ApiToken:
    with transaction.atomic():
        api_token = (
            ApiToken.objects.select_for_update()
            .filter(user=user, name=name, revoked_at__isnull=True)
            .first()
        )
        if api_token is None:
            message = _("%(user)s has no active token named %(name)s.")
            raise ValidationError({"name": message % {"user": user, "name": name}})
        api_token.revoked_at = now
        api_token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            obj=api_token,
            via=via,
            detail={"name": name},
            now=now,
        )
    return api_token


def api_token_user(*, token: str, now: datetime) -> User | None:
    """The active user whose unrevoked token this is, or None."""
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if api_token is None:
        return None
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return api_token.user
