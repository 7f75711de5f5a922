from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from vredvakt.accounts.access import EDITOR_ROLES, AnyUser, can_edit_unit, scope_to_units
from vredvakt.accounts.models import Role, Unit
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


def check_can_add_client(user: AnyUser, unit: Unit) -> None:
    if not can_edit_unit(user, unit.pk):
        raise PermissionDenied(_("You may not add clients to %(unit)s.") % {"unit": unit})


def check_can_change_client(user: AnyUser, client: Client, new_unit: Unit | None = None) -> None:
    """PermissionDenied unless the user may change the client (and, if moving it, the new unit)."""
    if not can_edit_unit(user, client.unit_id):
        raise PermissionDenied(_("You can see this client but not change it."))
    if new_unit is not None and not can_edit_unit(user, new_unit.pk):
        # Moving a client hands it to another unit: both sides must agree.
        message = _("You may not move clients to %(unit)s.")
        raise PermissionDenied(message % {"unit": new_unit})


def check_can_change_decisions(user: AnyUser, client: Client) -> None:
    if not can_edit_unit(user, client.unit_id, DECISION_EDITOR_ROLES):
        raise PermissionDenied(_("You can see this client's care decisions but not change them."))
