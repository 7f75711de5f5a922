"""R16: a new version of the routine, checked and recorded in full."""

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from vredvakt.audit.services import audit_record
from vredvakt.lib.change_sets import save_or_conflict
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion

Actor = AbstractBaseUser | AnonymousUser | None


def _conflicts(version: RoutineVersion) -> dict[str, str]:
    if RoutineVersion.objects.exclude(pk=version.pk).filter(code=version.code).exists():
        message = _("A routine version %(code)s already exists.")
        return {"code": message % {"code": version.code}}
    return {}


def routine_version_create(
    *,
    actor: Actor,
    code: str,
    title: str,
    decided_by: str,
    decided_on: date,
    valid_from: date,
    valid_until: date,
    owner: str,
    owner_email: str = "",
    replaces: RoutineVersion | None = None,
    parameters: dict[str, Any] | None = None,
    via: str,
    now: datetime,
) -> RoutineVersion:
    version = RoutineVersion(
        code=code,
        title=title,
        decided_by=decided_by,
        decided_on=decided_on,
        valid_from=valid_from,
        valid_until=valid_until,
        owner=owner,
        owner_email=owner_email,
        replaces=replaces,
        parameters=parameters or {},
    )
    version.clean()
    # Store every value, not only those given: a later change of a default in the
    # code must not change what an old version decided.
    version.parameters = RoutineParameters.from_json(version.parameters).to_json()
    with transaction.atomic():
        save_or_conflict(version, lambda: _conflicts(version))
        audit_record(actor=actor, action="routine_version.create", obj=version, via=via, now=now)
    return version
