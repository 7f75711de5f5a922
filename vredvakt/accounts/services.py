"""State changes for units, memberships and API tokens."""

import hashlib
import secrets
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vredvakt.accounts.models import ApiToken, Membership, TokenScope, Unit
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


def api_token_expiry(*, now: datetime, days: int | None) -> datetime:
    """When a token made now expires: the default lifetime, or `days` up to the maximum."""
    longest = settings.API_TOKEN_MAX_DAYS
    if days is None:
        days = min(settings.API_TOKEN_DEFAULT_DAYS, longest)
    if not 1 <= days <= longest:
        message = _("A token lives from 1 to %(days)s days.") % {"days": longest}
        raise ValidationError({"expires_at": message})
    return now + timedelta(days=days)


def _check_token_units(user: User, units: Collection[Unit]) -> None:
    own = {m.unit_id for m in Membership.objects.filter(user=user)}
    foreign = sorted(unit.name for unit in units if unit.pk not in own)
    if foreign:
        message = _("%(user)s is not a member of %(units)s.")
        raise ValidationError({"units": message % {"user": user, "units": ", ".join(foreign)}})


def api_token_create(
    *,
    actor: Actor,
    user: User,
    name: str,
    scope: str,
    units: Collection[Unit] = (),
    days: int | None = None,
    via: str,
    now: datetime,
) -> tuple[ApiToken, str]:
    """A new token for `user`; the token itself is returned once and never stored.

    No units: the token reaches all of the owner's units; either way it never
    reaches further than the owner's memberships at the time it is used.
    """
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Choose read or write.")})
    _check_token_units(user, units)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    api_token = ApiToken(
        user=user,
        name=name,
        token_hash=token_hash(token),
        scope=scope,
        created_at=now,
        expires_at=api_token_expiry(now=now, days=days),
    )

    def conflicts() -> dict[str, str]:
        return {
            "name": _("%(user)s already has a token named %(name)s.") % {"user": user, "name": name}
        }

    with transaction.atomic():
        save_or_conflict(api_token, conflicts)
        api_token.units.set(units)
        detail = {
            "name": name,
            "scope": scope,
            "units": sorted(unit.pk for unit in units),
            "expires_at": api_token.expires_at.isoformat(),
        }
        audit_record(
            actor=actor, action="api_token.create", obj=api_token, via=via, detail=detail, now=now
        )
    return api_token, token


def api_token_revoke(*, actor: Actor, api_token: ApiToken, via: str, now: datetime) -> ApiToken:
    """Revoke the token; revoking a revoked token is refused, so its first revocation stays."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=api_token.pk)
        if locked.revoked_at is not None:
            raise ValidationError({"name": _("This token is already revoked.")})
        locked.revoked_at = now
        locked.revoked_by = actor if isinstance(actor, User) else None
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            obj=locked,
            via=via,
            detail={"name": locked.name},
            now=now,
        )
    return locked


def api_token_revoke_named(
    *, actor: Actor, user: User, name: str, via: str, now: datetime
) -> ApiToken:
    api_token = ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).first()
    if api_token is None:
        message = _("%(user)s has no active token named %(name)s.")
        raise ValidationError({"name": message % {"user": user, "name": name}})
    return api_token_revoke(actor=actor, api_token=api_token, via=via, now=now)


def api_token_find(*, token: str, now: datetime) -> ApiToken | None:
    """The unrevoked, unexpired token of an active user, with its last use noted; else None."""
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=token_hash(token),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if api_token is None:
        return None
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now
    return api_token
