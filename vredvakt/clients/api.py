"""Clients and care decisions. Every read of client data is audit-logged."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from vredvakt.accounts.access import AnyUser, has_role
from vredvakt.accounts.apitools import (
    INPUT_ERRORS,
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    ClientReadPagination,
    Id,
    field_error,
    log_client_reads,
    today_in_stockholm,
    user_of,
)
from vredvakt.accounts.models import Role, Unit
from vredvakt.clients import services
from vredvakt.clients.access import (
    check_can_add_client,
    check_can_change_client,
    check_can_change_decisions,
    clients_visible_to,
    decisions_visible_to,
    get_client_for_user,
    get_decision_for_user,
)
from vredvakt.clients.decision_status import warning_days_on, with_status
from vredvakt.clients.models import CareDecision, Client
from vredvakt.clients.schemas import (
    ClientFilter,
    ClientIn,
    ClientOut,
    ClientPatch,
    DecisionFilter,
    DecisionIn,
    DecisionOut,
    DecisionPatch,
)

router = Router(tags=["clients"])


def _unit(unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise field_error("unit", _("There is no unit with id %(id)s.") % {"id": unit_id})
    return unit


def _visible_client(user: AnyUser, client_id: int) -> Client:
    """A client named in a request body: unknown and not-yours look the same (422)."""
    client = clients_visible_to(user).filter(pk=client_id).first()
    if client is None:
        raise field_error("client", _("There is no client with id %(id)s.") % {"id": client_id})
    return client


def _assessor(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    assessor = User.objects.filter(pk=user_id, is_active=True).first()
    if assessor is None:
        raise field_error("assessor", _("There is no user with id %(id)s.") % {"id": user_id})
    return assessor


@router.get("/clients", response={200: list[ClientOut], **INPUT_ERRORS})
@paginate(ClientReadPagination, clients_of=lambda clients: clients)
def client_list(request: HttpRequest, filters: Query[ClientFilter]) -> QuerySet[Client]:
    clients = clients_visible_to(user_of(request))
    return filters.filter(clients).order_by("last_name", "first_name", "pk")


@router.get("/clients/{client_id}", response={200: ClientOut, **READ_ERRORS})
def client_detail(request: HttpRequest, client_id: Id) -> Client:
    client = get_client_for_user(user_of(request), client_id)
    log_client_reads(request, [client])
    return client


@router.post("/clients", response={201: ClientOut, **WRITE_ERRORS})
def client_create(request: HttpRequest, payload: ClientIn) -> Status[Client]:
    user = user_of(request)
    fields = payload.model_dump()
    fields["unit"] = unit = _unit(payload.unit)
    check_can_add_client(user, unit)
    client = services.client_create(actor=user, **fields, via=VIA, now=timezone.now())
    return Status(201, client)


@router.patch("/clients/{client_id}", response={200: ClientOut, **WRITE_ERRORS})
def client_update(request: HttpRequest, client_id: Id, payload: ClientPatch) -> Client:
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    changes = payload.changes()
    new_unit = None
    if "unit" in changes:
        changes["unit"] = new_unit = _unit(changes["unit"])
        new_unit = new_unit if new_unit.pk != client.unit_id else None
    check_can_change_client(user, client, new_unit)
    return services.client_update(
        actor=user, client=client, changes=changes, via=VIA, now=timezone.now()
    )


def _decisions_with_status(user: AnyUser) -> QuerySet[CareDecision]:
    today = today_in_stockholm(timezone.now())
    decisions = decisions_visible_to(user)
    return with_status(decisions, today=today, warning_days=warning_days_on(today))


def _clients_of(decisions: list[CareDecision]) -> list[Any]:
    return [decision.client for decision in decisions]


@router.get("/care-decisions", response={200: list[DecisionOut], **INPUT_ERRORS})
@paginate(ClientReadPagination, clients_of=_clients_of)
def decision_list(request: HttpRequest, filters: Query[DecisionFilter]) -> QuerySet[CareDecision]:
    decisions = _decisions_with_status(user_of(request))
    return filters.filter(decisions).order_by("client__last_name", "-valid_until", "pk")


def _decision_out(request: HttpRequest, decision_id: int) -> CareDecision:
    decision = get_decision_for_user(user_of(request), decision_id)
    # Re-read with its status annotation (the same rule the lists use).
    return _decisions_with_status(user_of(request)).get(pk=decision.pk)


@router.get("/care-decisions/{decision_id}", response={200: DecisionOut, **READ_ERRORS})
def decision_detail(request: HttpRequest, decision_id: Id) -> CareDecision:
    decision = _decision_out(request, decision_id)
    log_client_reads(request, [decision.client])
    return decision


@router.post("/care-decisions", response={201: DecisionOut, **WRITE_ERRORS})
def decision_create(request: HttpRequest, payload: DecisionIn) -> Status[CareDecision]:
    user = user_of(request)
    client = _visible_client(user, payload.client)
    check_can_change_decisions(user, client)
    assessor = _assessor(payload.assessor)
    if assessor is None and "assessor" not in payload.model_fields_set:
        # A needs assessor registering a decision is usually its assessor.
        assessor = user if has_role(user, Role.NEEDS_ASSESSOR) else None
    decision = services.care_decision_create(
        actor=user,
        client=client,
        reference=payload.reference,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        assessor=assessor,
        via=VIA,
        now=timezone.now(),
    )
    return Status(201, _decision_out(request, decision.pk))


@router.patch("/care-decisions/{decision_id}", response={200: DecisionOut, **WRITE_ERRORS})
def decision_update(request: HttpRequest, decision_id: Id, payload: DecisionPatch) -> CareDecision:
    user = user_of(request)
    decision = get_decision_for_user(user, decision_id)
    check_can_change_decisions(user, decision.client)
    changes = payload.changes()
    if "assessor" in changes:
        changes["assessor"] = _assessor(changes["assessor"])
    services.care_decision_update(
        actor=user, decision=decision, changes=changes, via=VIA, now=timezone.now()
    )
    return _decision_out(request, decision.pk)
