"""Who may see, write and follow up a deviation report (R14, R15).

The owner writes it (or, for a report owned by a role, anyone holding it: the
unit's coordinators, the operations manager). The unit manager of the report's
unit follows it up; the operations manager sees and follows up all of them and
owns outage reports. Reports hold client data: every read is logged by the caller.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from vredvakt.accounts.access import AnyUser, has_role, is_administrator, memberships_of
from vredvakt.accounts.models import Role
from vredvakt.deviations.models import DeviationReport


def _unit_ids(user: AnyUser, role: str) -> set[int]:
    return {m.unit_id for m in memberships_of(user) if m.role == role}


def sees_all(user: AnyUser) -> bool:
    return is_administrator(user) or has_role(user, Role.OPERATIONS_MANAGER)


def owned_by(user: AnyUser) -> QuerySet[DeviationReport]:
    """The reports `user` is asked to write: "Mina avvikelser"."""
    if not user.is_authenticated:
        return DeviationReport.objects.none()
    mine = Q(owner_id=user.pk) | Q(
        owner__isnull=True,
        owner_role=Role.COORDINATOR,
        unit_id__in=_unit_ids(user, Role.COORDINATOR),
    )
    if has_role(user, Role.OPERATIONS_MANAGER):
        mine |= Q(owner__isnull=True, owner_role=Role.OPERATIONS_MANAGER)
    return DeviationReport.objects.filter(mine)


def to_follow_up(user: AnyUser) -> QuerySet[DeviationReport]:
    """The reports `user` follows up: their units' (unit manager), all (operations manager)."""
    if sees_all(user):
        return DeviationReport.objects.all()
    return DeviationReport.objects.filter(unit_id__in=_unit_ids(user, Role.UNIT_MANAGER))


def visible_to(user: AnyUser) -> QuerySet[DeviationReport]:
    return DeviationReport.objects.filter(
        Q(pk__in=owned_by(user).values("pk")) | Q(pk__in=to_follow_up(user).values("pk"))
    )


def get_report_for_user(user: AnyUser, pk: int) -> DeviationReport:
    """The report, if `user` may see it; 404 otherwise (its existence is not revealed)."""
    report = (
        visible_to(user)
        .select_related("case", "case__client", "outage", "unit", "owner")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such deviation report.")
    return report


def may_write(user: AnyUser, report: DeviationReport) -> bool:
    return owned_by(user).filter(pk=report.pk).exists()


def may_follow_up(user: AnyUser, report: DeviationReport) -> bool:
    if report.outage_id is not None:
        return sees_all(user)  # R15: the operations manager's
    return to_follow_up(user).filter(pk=report.pk).exists()


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("You may not do that with this deviation report.")
