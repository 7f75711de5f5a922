"""State changes for clients and their care decisions."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vredvakt.accounts.models import Membership, Role, Unit, UnitKind
from vredvakt.audit.services import audit_record
from vredvakt.clients.models import CareDecision, Client
from vredvakt.lib.change_sets import apply_changes, save_or_conflict

Actor = AbstractBaseUser | AnonymousUser | None

CLIENT_FIELDS = (
    "reference",
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "city",
    "unit",
    "contact_notes",
)
DECISION_FIELDS = ("reference", "valid_from", "valid_until", "assessor")


def _check_home_care_unit(unit: Unit) -> None:
    if unit.kind != UnitKind.HOME_CARE:
        message = _("%(unit)s is not a home-care unit; clients belong to home-care units.")
        raise ValidationError({"unit": message % {"unit": unit}})


def _client_conflicts(client: Client) -> dict[str, str]:
    if Client.objects.exclude(pk=client.pk).filter(reference=client.reference).exists():
        message = _("A client with the reference %(reference)s already exists.")
        return {"reference": message % {"reference": client.reference}}
    return {}


def client_create(
    *,
    actor: Actor,
    unit: Unit,
    reference: str,
    first_name: str,
    last_name: str,
    street_address: str,
    postal_code: str,
    city: str,
    contact_notes: str = "",
    via: str,
    now: datetime,
) -> Client:
    _check_home_care_unit(unit)
    client = Client(
        unit=unit,
        reference=reference,
        first_name=first_name,
        last_name=last_name,
        street_address=street_address,
        postal_code=postal_code,
        city=city,
        contact_notes=contact_notes,
    )
    with transaction.atomic():
        save_or_conflict(client, lambda: _client_conflicts(client))
        audit_record(actor=actor, action="client.create", obj=client, via=via, now=now)
    return client


def client_update(
    *, actor: Actor, client: Client, changes: Mapping[str, Any], via: str, now: datetime
) -> Client:
    """Change the given fields; a new `unit` moves the client (the caller checks both units)."""
    if "unit" in changes:
        _check_home_care_unit(changes["unit"])
    old_unit_id = client.unit_id
    with transaction.atomic():
        changed = apply_changes(client, changes, CLIENT_FIELDS)
        if changed:
            save_or_conflict(client, lambda: _client_conflicts(client), list(changed))
            detail: dict[str, Any] = {"fields": list(changed)}
            if "unit" in changed:
                detail["moved"] = {"from": old_unit_id, "to": client.unit_id}
            audit_record(
                actor=actor,
                action="client.update",
                obj=client,
                via=via,
                detail=detail,
                changes=changed,
                now=now,
            )
    return client


def _check_decision(decision: CareDecision) -> None:
    if decision.valid_until < decision.valid_from:
        message = _("The decision cannot end before it starts.")
        raise ValidationError({"valid_until": message})
    assessor = decision.assessor
    if (
        assessor is not None
        and not Membership.objects.filter(user=assessor, role=Role.NEEDS_ASSESSOR).exists()
    ):
        message = _("%(user)s is not a needs assessor.")
        raise ValidationError({"assessor": message % {"user": assessor.get_username()}})


def _decision_conflicts(decision: CareDecision) -> dict[str, str]:
    if CareDecision.objects.exclude(pk=decision.pk).filter(reference=decision.reference).exists():
        message = _("A care decision with the reference %(reference)s already exists.")
        return {"reference": message % {"reference": decision.reference}}
    return {}


def care_decision_create(
    *,
    actor: Actor,
    client: Client,
    reference: str,
    valid_from: date,
    valid_until: date,
    assessor: User | None = None,
    via: str,
    now: datetime,
) -> CareDecision:
    decision = CareDecision(
        client=client,
        reference=reference,
        valid_from=valid_from,
        valid_until=valid_until,
        assessor=assessor,
    )
    _check_decision(decision)
    with transaction.atomic():
        save_or_conflict(decision, lambda: _decision_conflicts(decision))
        detail = {"client": client.pk}
        audit_record(
            actor=actor,
            action="care_decision.create",
            obj=decision,
            via=via,
            detail=detail,
            now=now,
        )
    return decision


def care_decision_update(
    *, actor: Actor, decision: CareDecision, changes: Mapping[str, Any], via: str, now: datetime
) -> CareDecision:
    with transaction.atomic():
        changed = apply_changes(decision, changes, DECISION_FIELDS)
        if changed:
            _check_decision(decision)
            save_or_conflict(decision, lambda: _decision_conflicts(decision), list(changed))
            detail = {"client": decision.client_id, "fields": list(changed)}
            audit_record(
                actor=actor,
                action="care_decision.update",
                obj=decision,
                via=via,
                detail=detail,
                changes=changed,
                now=now,
            )
    return decision
