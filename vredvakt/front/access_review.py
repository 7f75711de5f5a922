"""Log review (HSLF-FS 2016:40, ch. 4 § 3): who read or changed a client's data, and when.

A unit manager reviews their own units' clients; the operations manager and
administrators every unit. The rows come from the audit log: per client, the
entries about the client and its care decisions, locks and keys; per user,
that user's entries about clients in the reviewer's scope.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.access import AnyUser, has_role, sees_all_units, unit_ids_of
from vredvakt.accounts.models import Role
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.models import CareDecision, Client
from vredvakt.keys.models import Key
from vredvakt.lib.ids import id_from
from vredvakt.locks.models import Lock

REVIEWER_ROLES = frozenset({Role.UNIT_MANAGER})
# What an entry's action verb means to a reviewer; other actions show as written.
VERBS: dict[str, Promise] = {
    "read": _("read"),
    "update": _("changed"),
    "import_update": _("changed by import"),
    "create": _("created"),
    "import_create": _("created by import"),
    "delete": _("deleted"),
}
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        after = datetime.combine(self.end + timedelta(days=1), time.min, zone)
        return datetime.combine(self.start, time.min, zone), after


def review_clients(reviewer: AnyUser) -> QuerySet[Client]:
    """The clients whose log `reviewer` may review; PermissionDenied for anyone else."""
    if sees_all_units(reviewer):
        return Client.objects.select_related("unit")
    if not has_role(reviewer, *REVIEWER_ROLES):
        raise PermissionDenied
    return Client.objects.select_related("unit").filter(
        unit_id__in=unit_ids_of(reviewer, REVIEWER_ROLES)
    )


def entries_for_client(client: Client, period: Period) -> QuerySet[AuditEntry]:
    about = Q(object_type="clients.client", object_id=str(client.pk))
    for model, ids in (
        (CareDecision, CareDecision.objects.filter(client=client)),
        (Lock, Lock.objects.filter(client=client)),
        (Key, Key.objects.filter(client=client)),
    ):
        keys = [str(pk) for pk in ids.values_list("pk", flat=True)]
        if keys:
            about |= Q(object_type=model._meta.label_lower, object_id__in=keys)
    return _in_period(AuditEntry.objects.filter(about), period)


def entries_for_user(reviewer: AnyUser, user: User, period: Period) -> QuerySet[AuditEntry]:
    """`user`'s reads and changes of the clients `reviewer` may review."""
    entries = AuditEntry.objects.filter(actor=user, object_type="clients.client")
    if not sees_all_units(reviewer):
        keys = [str(pk) for pk in review_clients(reviewer).values_list("pk", flat=True)]
        entries = entries.filter(object_id__in=keys)
    return _in_period(entries, period)


def _in_period(entries: QuerySet[AuditEntry], period: Period) -> QuerySet[AuditEntry]:
    start, after = period.bounds()
    return (
        entries.filter(at__gte=start, at__lt=after).select_related("actor").order_by("-at", "-seq")
    )


def client_names(entries: list[AuditEntry]) -> dict[str, Client]:
    keys = {e.object_id for e in entries if e.object_type == "clients.client"}
    ids = [pk for pk in map(id_from, keys) if pk is not None]
    return {str(c.pk): c for c in Client.objects.filter(pk__in=ids)}


def action_label(action: str) -> str:
    """`client.read` as "read (client)": the verb a reviewer reads, the raw kind after it."""
    kind, _dot, verb = action.rpartition(".")
    label = VERBS.get(verb)
    return f"{label} ({kind})" if label is not None and kind else action
