"""Opening a fault case (R3, R4, R6, R10): one report, one case, the routine's checklist."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from vredvakt.audit.services import audit_record
from vredvakt.cases.decisions import DecisionCheck, check_decisions
from vredvakt.cases.models import (
    CaseKind,
    CaseSource,
    CaseStatus,
    CaseStep,
    FaultCase,
    SubmissionToken,
)
from vredvakt.cases.services import notices, reminders
from vredvakt.cases.services.timeline import Entry, EntryKind, timeline_append, timeline_append_many
from vredvakt.cases.steps import EXTRA_STEPS, StepCode, steps_done_at_opening
from vredvakt.clients.models import Client
from vredvakt.lib.conflicts import retry_on_conflict
from vredvakt.locks.models import Lock
from vredvakt.routine.checklist import CasePlan, plan_case
from vredvakt.routine.clock import to_local
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.in_force import routine_in_force
from vredvakt.routine_versions.models import RoutineVersion


@dataclass(frozen=True)
class Opening:
    case: FaultCase
    joined: bool  # True: the report joined a case that was already open


@dataclass(frozen=True)
class Report:
    """One report of a fault, as it reaches the case (R3, R6)."""

    client: Client
    kind: str
    source: str
    reporter: AbstractBaseUser | None
    now: datetime
    note: str
    lock: Lock | None
    token: str
    via: str
    major_outage_id: int | None


def case_open(
    *,
    client: Client,
    kind: str,
    source: str,
    reported_by: AbstractBaseUser | None,
    now: datetime,
    note: str = "",
    lock: Lock | None = None,
    token: str = "",
    via: str = "web",
    major_outage_id: int | None = None,
) -> Opening:
    """Open a case, or join the open one for the same client and kind.

    A case opened as part of a major outage (R11) sends no per-case messages
    and schedules no reminders: the outage's messages stand for them until it
    is over (vredvakt.outages).
    """
    report = Report(client, kind, source, reported_by, now, note, lock, token, via, major_outage_id)

    def attempt() -> Opening:
        try:
            with transaction.atomic():
                return _open_or_join(report)
        except IntegrityError:
            # Two reports raced; the other one opened the case a moment ago: join it.
            with transaction.atomic():
                return _open_or_join(report)

    # On an outage day a report may deadlock with the outage's own changes (#16):
    # nothing of it was stored, so it is run again (vredvakt/lib/conflicts.py).
    return retry_on_conflict(attempt)


def _open_or_join(report: Report) -> Opening:
    if report.token:
        seen = SubmissionToken.objects.filter(token=report.token).select_related("case").first()
        if seen is not None:  # a double tap or a retried submit (UX.md)
            return Opening(seen.case, joined=True)
    case = FaultCase.objects.filter(
        client=report.client, kind=report.kind, status=CaseStatus.OPEN
    ).first()
    joined = case is not None
    if case is None:
        case = _create(report)
    else:
        timeline_append(
            case=case,
            kind=EntryKind.REPORTED_AGAIN,
            at=report.now,
            actor=report.reporter,
            text=report.note,
            data={"source": report.source},
        )
    if report.token:
        SubmissionToken.objects.create(token=report.token, case=case, created_at=report.now)
    return Opening(case, joined=joined)


def _create(report: Report) -> FaultCase:
    client, kind, source, reporter = report.client, report.kind, report.source, report.reporter
    now, lock = report.now, report.lock
    version, params = routine_in_force(now)
    plan = plan_for(kind, now, params)
    check = check_decisions(
        client, today=to_local(now).date(), warning_days=params.decision_warning_days
    )
    if lock is None and kind == CaseKind.LOCK:
        lock = client.locks.order_by("pk").first()
    case = new_case(
        client_id=client.pk,
        unit_id=client.unit_id,
        lock_id=lock.pk if lock is not None else None,
        kind=kind,
        source=source,
        plan=plan,
        check=check,
        version=version,
        now=now,
        opened_by_id=reporter.pk if reporter is not None else None,
        major_outage_id=report.major_outage_id,
    )
    case.save(force_insert=True)
    _create_steps(case, plan, check, reporter, source, now)
    entries = opening_entries(case, lock=str(lock) if lock else "", note=report.note, check=check)
    timeline_append_many(entries=entries, at=now)
    case_announce(case, check, now=now)
    audit_record(
        actor=reporter,
        action="case.open",
        obj=case,
        via=report.via,
        now=now,
        detail=opening_detail(case),
    )
    return case


def plan_for(kind: str, now: datetime, params: RoutineParameters) -> CasePlan:
    # "Something else" follows the lock's routine: the door still has to be opened.
    return plan_case(now, CaseKind.APP if kind == CaseKind.APP else CaseKind.LOCK, params)


def new_case(
    *,
    client_id: int,
    unit_id: int,
    lock_id: int | None,
    kind: str,
    source: str,
    plan: CasePlan,
    check: DecisionCheck,
    version: RoutineVersion | None,
    now: datetime,
    opened_by_id: int | None = None,
    major_outage_id: int | None = None,
) -> FaultCase:
    """A new case, unsaved: the routine's plan and the R4 check decide how it runs."""
    return FaultCase(
        client_id=client_id,
        unit_id=unit_id,
        lock_id=lock_id,
        kind=kind,
        source=source,
        mode=plan.mode,
        shift=plan.shift,
        key_kind=plan.key,
        routine_version=version,
        access_revoked=check.revoked,
        decision_expires_on=check.expires_on,
        opened_at=now,
        opened_by_id=opened_by_id,
        major_outage_id=major_outage_id,
    )


def opening_entries(case: FaultCase, *, lock: str, note: str, check: DecisionCheck) -> list[Entry]:
    """A new case's first entries: the report, its documentation (R6), and the R4 check."""
    data = {"kind": case.kind, "source": case.source, "lock": lock}
    reported = Entry(case.pk, EntryKind.REPORTED, note, data, case.opened_by_id)
    return [reported, Entry(case.pk, EntryKind.DECISION_CHECKED, data=check_data(check))]


def case_announce(case: FaultCase, check: DecisionCheck, *, now: datetime) -> None:
    """A new case's messages and deadlines (R3, R4, R8–R10)."""
    if case.major_outage_id is None:  # an outage's cases hear when it is over (outages.release)
        notices.case_opened(case, check, now=now)
        reminders.schedule_for(case, now=now)


def opening_detail(case: FaultCase) -> dict[str, object]:
    """The audit detail of "case.open": the major outage it opened in (R11), if any."""
    return {"major_outage": case.major_outage_id} if case.major_outage_id is not None else {}


def _create_steps(
    case: FaultCase,
    plan: CasePlan,
    check: DecisionCheck,
    reporter: AbstractBaseUser | None,
    source: str,
    now: datetime,
) -> None:
    CaseStep.objects.bulk_create(case_steps(case, plan, check, reporter, source, now))


def case_steps(
    case: FaultCase,
    plan: CasePlan,
    check: DecisionCheck,
    reporter: AbstractBaseUser | None,
    source: str,
    now: datetime,
) -> list[CaseStep]:
    """The case's checklist rows, unsaved (the outages' bulk opening saves many at once)."""
    done = steps_done_at_opening(mode=plan.mode, source=source)
    reporter_id = reporter.pk if reporter is not None and source != CaseSource.TELEMETRY else None
    steps = [
        CaseStep(
            case=case,
            code=step.code,
            rule=step.rule,
            role=step.role,
            due_at=step.due,
            position=index * 10,
            done_at=now if step.code in done else None,
            done_by_id=_done_by(step.code, done, reporter_id),
            assignee_id=reporter_id if step.role == "care_worker" else None,
        )
        for index, step in enumerate(plan.steps)
    ]
    if check.revoked:
        # R4: an expired decision: the coordinator contacts the needs assessor at once.
        code, rule, role = EXTRA_STEPS[StepCode.CONTACT_NEEDS_ASSESSOR]
        steps.append(CaseStep(case=case, code=code, rule=rule, role=role, due_at=now, position=15))
    elif check.expires_on is not None:
        # R4 (#13): it ends within the warning days: the coordinator's task, by the end
        # of their day at work, reminded before and escalated if missed like any other.
        code, rule, role = EXTRA_STEPS[StepCode.DECISION_EXPIRING]
        due = plan.coordinators_day_ends
        steps.append(CaseStep(case=case, code=code, rule=rule, role=role, due_at=due, position=15))
    return steps


def _done_by(code: str, done: frozenset[str], reporter_id: int | None) -> int | None:
    # R4: Vredvakt checks the care decision itself, not the person who reported.
    if code not in done or code == StepCode.CHECK_CARE_DECISION:
        return None
    return reporter_id


def check_data(check: DecisionCheck) -> dict[str, object]:
    return {
        "revoked": check.revoked,
        "expired_on": check.expired_on.isoformat() if check.expired_on else None,
        "expires_on": check.expires_on.isoformat() if check.expires_on else None,
    }
