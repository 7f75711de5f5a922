"""Who hears about a case, and what they are told (R3, R4, R8, R9, R10).

Names and addresses go in the `personal` part: only the in-app message shows
them unless the routine version allows a channel (notifications.rendering).
"""

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse

from vredvakt.accounts.models import Role, Unit, UnitKind
from vredvakt.cases.decisions import DecisionCheck
from vredvakt.cases.models import CaseMode, FaultCase
from vredvakt.cases.services.deviation_owner import deviation_owner
from vredvakt.cases.steps import StepCode
from vredvakt.notifications.recipients import Group, Members, Recipient
from vredvakt.notifications.services import notify
from vredvakt.oncall.routing import on_call_route
from vredvakt.routine.hours import Team, next_start
from vredvakt.routine.parameters import RoutineParameters


def case_path(case: FaultCase) -> str:
    return reverse("cases:detail", args=[case.pk])


def _what(case: FaultCase) -> Any:
    return case.get_kind_display().lower()


def _personal(case: FaultCase, description: str = "") -> dict[str, Any]:
    client = case.client
    return {
        "client": str(client),
        "address": client.full_address,
        "description": description,
    }


def case_opened(case: FaultCase, check: DecisionCheck, *, now: datetime) -> None:
    # R3: the coordinators of the client's unit are told at once; R10b (#12): after
    # their day, the message waits in Vredvakt and email/SMS go out when they start.
    notify(
        recipients=[Members(case.unit, Role.COORDINATOR)],
        template="case_opened",
        context={
            "public": {
                "unit": case.unit.name,
                "what": _what(case),
                "reported_at": now,
                # Telemetry (R17) is not "a care worker reported": the text says who saw it.
                "source": case.source,
            },
            "personal": _personal(case),
            "path": case_path(case),
        },
        subject=case,
        now=now,
        deliver_at=_coordinators_start(case, now),
    )
    if case.steps.filter(code=StepCode.INFORM_ALARM_GROUP, done_at__isnull=False).exists():
        alarm_group_informed(case, now=now)
    if check.revoked:
        decision_expired(case, check, now=now)
    elif check.expires_on is not None:
        decision_expiring(case, check, now=now)


def _coordinators_start(case: FaultCase, now: datetime) -> datetime | None:
    if case.mode != CaseMode.OUT_OF_HOURS:
        return None
    params = case.routine_version.params if case.routine_version else RoutineParameters()
    return next_start(Team.COORDINATORS, now, params)


def alarm_group_informed(case: FaultCase, *, now: datetime) -> None:
    """R8/R10: the alarm group gets the case; when it is not at work, theirs at its next start."""
    act = case.steps.get(code=StepCode.ALARM_GROUP_ACT)
    notify(
        recipients=[Group.ALARM_GROUP],
        template="alarm_group_informed",
        context={
            "public": {
                "unit": case.unit.name,
                "count": 1,
                "locks": [str(case.lock) if case.lock else str(case.get_kind_display())],
                "weekend": case.mode == CaseMode.WEEKEND,
                # #12: out of hours, or after the alarm group's day: theirs at its next start.
                "later": act.due_at is not None and act.due_at > now,
                "due": act.due_at,
            },
            "personal": {"addresses": [case.client.full_address]},
            "path": case_path(case),
        },
        subject=case,
        now=now,
    )


def decision_expired(case: FaultCase, check: DecisionCheck, *, now: datetime) -> None:
    """R4: the needs assessor hears that the lock refuses staff: the decision ended."""
    assessors: list[Recipient] = list(get_user_model().objects.filter(pk__in=check.assessor_ids))
    if not assessors:
        assessors = [Members(case.unit, Role.NEEDS_ASSESSOR)]
    notify(
        recipients=assessors,
        template="decision_expired",
        context={
            "public": {
                "unit": case.unit.name,
                "expired_on": check.expired_on,
                "source": case.source,
            },
            "personal": {"client": str(case.client), "address": case.client.full_address},
            "path": case_path(case),
        },
        subject=case,
        now=now,
    )


def decision_expiring(case: FaultCase, check: DecisionCheck, *, now: datetime) -> None:
    """R4 (#13): the needs assessor hears before the decision ends and the lock refuses staff."""
    assessors: list[Recipient] = list(get_user_model().objects.filter(pk__in=check.assessor_ids))
    if not assessors:
        assessors = [Members(case.unit, Role.NEEDS_ASSESSOR)]
    notify(
        recipients=assessors,
        template="decision_expiring",
        context={
            "public": {"unit": case.unit.name, "expires_on": check.expires_on},
            "personal": {"client": str(case.client), "address": case.client.full_address},
            "path": case_path(case),
        },
        subject=case,
        now=now,
    )


def deadline_notice(
    case: FaultCase,
    *,
    template: str,
    task: str,
    deadline: datetime,
    recipients: list[Recipient],
    now: datetime,
) -> None:
    notify(
        recipients=recipients,
        template=template,
        context={
            "public": {"task": task, "deadline": deadline, "unit": case.unit.name},
            "path": case_path(case),
        },
        subject=case,
        now=now,
    )


def owners_of(case: FaultCase, role: str) -> list[Recipient]:
    """Who does a step of `role` on this case."""
    if role == Role.ALARM_GROUP:
        return [Group.ALARM_GROUP]
    if role == Role.CARE_WORKER and case.opened_by_id is not None:
        return [case.opened_by] if case.opened_by else []
    return [Members(case.unit, Role.COORDINATOR)]


def managers_of(case: FaultCase, role: str) -> list[Recipient]:
    """Who hears when a step of `role` is missed: the responsible unit manager."""
    if role == Role.ALARM_GROUP:
        alarm_units = Unit.objects.filter(kind=UnitKind.ALARM_GROUP)
        return [Members(unit, Role.UNIT_MANAGER) for unit in alarm_units]
    return [Members(case.unit, Role.UNIT_MANAGER)]


def escalation_recipients(case: FaultCase, role: str, *, now: datetime) -> list[Recipient]:
    """A missed step's owners and managers; out of hours, the unit's on-call person (#12)."""
    recipients = owners_of(case, role) + managers_of(case, role)
    return on_call_route(recipients, template="deadline_missed", now=now)


def deviation_requested(case: FaultCase, *, now: datetime) -> None:
    """R14: the case's deviation owner files the report: its reporter, else the coordinators."""
    owner = deviation_owner(case)
    recipients: list[Recipient] = [owner] if owner is not None else []
    if owner is None:
        recipients = [Members(case.unit, Role.COORDINATOR)]
    notify(
        recipients=recipients,
        template="deviation_requested",
        context={
            "public": {
                "unit": case.unit.name,
                "opened_at": case.opened_at,
                "reported_by_owner": owner is not None,
            },
            "path": case_path(case),
        },
        subject=case,
        now=now,
    )
