from django.db.models import QuerySet
from django.http import Http404

from vredvakt.accounts.access import EDITOR_ROLES, AnyUser, can_edit_unit, scope_to_units
from vredvakt.accounts.models import Role
from vredvakt.clients.models import CareDecision, Client

# R4: needs assessors grant and renew decisions for the units they serve.
DECISION_EDITOR_ROLES = EDITOR_ROLES | {Role.NEEDS_ASSESSOR}


def clients_visible_to(user: AnyUser) -> QuerySet[Client]:
    return scope_to_units(Client.objects.select_related("unit"), user, "unit")


def get_client_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Client:
    """The client, or Http404 when the user may not see it (or change it, with write=True)."""
    client = clients_visible_to(user).filter(pk=pk).first()
    if client is None or (write and not can_edit_unit(user, client.unit_id)):
        raise Http404("No such client.")
    return client


def decisions_visible_to(user: AnyUser) -> QuerySet[CareDecision]:
    return scope_to_units(
        CareDecision.objects.select_related("client", "assessor"), user, "client__unit"
    )


def get_decision_for_user(user: AnyUser, pk: int, *, write: bool = False) -> CareDecision:
    decision = decisions_visible_to(user).filter(pk=pk).first()
    if decision is None or (
        write and not can_edit_unit(user, decision.client.unit_id, DECISION_EDITOR_ROLES)
    ):
        raise Http404("No such care decision.")
    return decision
