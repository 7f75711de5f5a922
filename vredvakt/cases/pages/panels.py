"""What the home page's case panels show, per role (front.home asks for it)."""

from datetime import datetime
from typing import Any

from vredvakt.accounts.access import AnyUser, is_administrator, roles_of
from vredvakt.accounts.models import Role
from vredvakt.cases.access import is_alarm_group
from vredvakt.cases.models import CaseStatus, CaseStep
from vredvakt.cases.pages.alarm_queue import alarm_queue
from vredvakt.cases.pages.desk import desk_scope, desk_units, patrol_summaries
from vredvakt.cases.steps import StepCode


def deviations_to_report(user: AnyUser) -> list[CaseStep]:
    """R14: the closed cases whose deviation report is this person's and still to do."""
    if not user.is_authenticated:
        return []
    steps = CaseStep.objects.filter(
        code=StepCode.REPORT_DEVIATION,
        done_at__isnull=True,
        case__status=CaseStatus.CLOSED,
        assignee_id=user.pk,
    )
    return list(steps.select_related("case", "case__client").order_by("case__closed_at")[:20])


def case_panels(user: AnyUser, now: datetime) -> dict[str, Any]:
    roles = roles_of(user)
    context: dict[str, Any] = {}
    if Role.CARE_WORKER in roles:
        context["deviations_due"] = deviations_to_report(user)
    if roles & {Role.COORDINATOR, Role.UNIT_MANAGER} or is_administrator(user):
        cases = desk_scope(user)
        if cases is not None:  # #13: not the alarm group's manager: no desk of her own
            context["has_desk"] = True
            context["open_case_count"] = cases.filter(status=CaseStatus.OPEN).count()
            context["case_patrol"] = patrol_summaries(desk_units(user, cases), now)
    if is_alarm_group(user) and Role.ALARM_GROUP in roles:
        context["queue"] = alarm_queue(user, now)
    return context
