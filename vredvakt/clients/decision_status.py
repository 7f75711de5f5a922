"""R4: is a care decision valid today, about to expire, expired, or not started yet?

The lock cannot open once the decision has expired, so "expiring" warns the
coordinator `decision_warning_days` ahead (a routine parameter, R16).
"""

from datetime import date, timedelta

from django.db import models
from django.db.models import Case, CharField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from vredvakt.clients.models import CareDecision
from vredvakt.routine.parameters import InvalidParameters, RoutineParameters
from vredvakt.routine_versions.in_force import version_in_force


class DecisionStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")


def decision_status(
    *, valid_from: date, valid_until: date, today: date, warning_days: int
) -> DecisionStatus:
    if today < valid_from:
        return DecisionStatus.NOT_YET_VALID
    if today > valid_until:
        return DecisionStatus.EXPIRED
    if valid_until <= today + timedelta(days=warning_days):
        return DecisionStatus.EXPIRING
    return DecisionStatus.VALID


def with_status(
    decisions: QuerySet[CareDecision], *, today: date, warning_days: int
) -> QuerySet[CareDecision]:
    """The same rule as decision_status(), in SQL, so lists can be filtered by it."""
    return decisions.annotate(
        status=Case(
            When(valid_from__gt=today, then=Value(DecisionStatus.NOT_YET_VALID)),
            When(valid_until__lt=today, then=Value(DecisionStatus.EXPIRED)),
            When(
                valid_until__lte=today + timedelta(days=warning_days),
                then=Value(DecisionStatus.EXPIRING),
            ),
            default=Value(DecisionStatus.VALID),
            output_field=CharField(),
        )
    )


def warning_days_on(today: date) -> int:
    """decision_warning_days of the routine in force (the defaults when there is none)."""
    version = version_in_force(today)
    try:
        params = version.params if version is not None else RoutineParameters()
    except InvalidParameters:
        # Versions are checked when recorded (R16); an old bad one must not break reads.
        params = RoutineParameters()
    return params.decision_warning_days
