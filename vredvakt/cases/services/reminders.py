"""Deadlines of a case's steps: a reminder before, an escalation when missed (R9, R10).

Each tracked step gets two scheduled jobs with stable keys, so scheduling twice
changes nothing and completing the step cancels both; restoring a case (R7)
cancels those of every step not done.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from vredvakt.accounts.models import Role
from vredvakt.cases.models import CaseStatus, CaseStep, FaultCase
from vredvakt.cases.services import notices
from vredvakt.cases.services.timeline import EntryKind, timeline_append
from vredvakt.cases.steps import TRACKED, StepCode, label, waits_for_decision
from vredvakt.jobs.handlers import job_handler
from vredvakt.jobs.models import JobState, ScheduledJob
from vredvakt.jobs.services import JobSpec, job_cancel, job_schedule_many
from vredvakt.routine.calendar import is_day_off
from vredvakt.routine.clock import at_local_time, to_local
from vredvakt.routine.hours import Team, next_start, working_hours
from vredvakt.routine.parameters import RoutineParameters

REMINDER_LEAD = timedelta(hours=1)  # R9: 16:00 for the 17:00 message
# A step due "at once" counts as missed when it is still not done after this.
AT_ONCE_GRACE = timedelta(minutes=30)

REMIND = "cases.step_reminder"
MISSED = "cases.step_missed"
KINDS = ("remind", "missed")
CHUNK = 1000


def _key(case_id: int, code: str, kind: str) -> str:
    return f"case:{case_id}:{code}:{kind}"


def schedule_for(case: FaultCase, *, now: datetime) -> None:
    params = case.routine_version.params if case.routine_version else RoutineParameters()
    jobs = []
    for step in case.steps.filter(code__in=TRACKED, done_at__isnull=True, due_at__isnull=False):
        assert step.due_at is not None
        payload = {"step": step.code}
        remind_at = _at_work(step.role, step.due_at - REMINDER_LEAD, params)
        if now < remind_at < step.due_at:
            key = _key(case.pk, step.code, "remind")
            jobs.append(JobSpec(REMIND, remind_at, key, subject=case, payload=payload))
        missed_at = step.due_at if step.due_at > now else now + AT_ONCE_GRACE
        missed_at = _at_work(step.role, missed_at, params)
        key = _key(case.pk, step.code, "missed")
        jobs.append(JobSpec(MISSED, missed_at, key, subject=case, payload=payload))
    job_schedule_many(jobs, now=now)


TEAMS: dict[str, Team] = {Role.COORDINATOR: Team.COORDINATORS, Role.ALARM_GROUP: Team.ALARM_GROUP}


def _at_work(role: str, moment: datetime, params: RoutineParameters) -> datetime:
    """#12: a reminder or escalation about a role's step waits until that role is at work.

    The end of the coordinators' day is theirs (R9: "no later than 17:00"): a missed
    night-patrol message is escalated then, not the next morning.
    """
    team = TEAMS.get(role)
    if team is None or _ends_day_of(team, moment, params):
        return moment
    return next_start(team, moment, params)


def _ends_day_of(team: Team, moment: datetime, params: RoutineParameters) -> bool:
    local = to_local(moment)
    _, ends = working_hours(team, params)
    return not is_day_off(local.date(), params) and local == at_local_time(local.date(), ends)


def cancel_for(step: CaseStep, *, now: datetime) -> None:
    for kind in KINDS:
        job_cancel(key=_key(step.case_id, step.code, kind), now=now)


def cancel_for_cases(case_ids: Sequence[int], *, now: datetime) -> int:
    """The reminders of every step of these cases not done yet: none is due any more (R7).

    The pending jobs are read first: most cases of a major outage never had any
    (R11), and a cancel per key would cost eight statements a case.
    """
    cancelled = 0
    for start in range(0, len(case_ids), CHUNK):
        chunk = case_ids[start : start + CHUNK]
        steps = CaseStep.objects.filter(case_id__in=chunk, done_at__isnull=True)
        undone = steps.values_list("case_id", "code")
        keys = {_key(pk, code, kind) for pk, code in undone for kind in KINDS}
        pending = ScheduledJob.objects.filter(
            state=JobState.PENDING,
            kind__in=(REMIND, MISSED),
            subject_type=FaultCase._meta.label_lower,
            subject_id__in=[str(pk) for pk in chunk],
        )
        for key in keys.intersection(pending.values_list("key", flat=True)):
            cancelled += job_cancel(key=key, now=now)
    return cancelled


def _pending_step(job: ScheduledJob) -> CaseStep | None:
    step = (
        CaseStep.objects.select_related("case", "case__unit", "case__opened_by")
        .filter(case_id=int(job.subject_id), code=job.payload.get("step"), done_at__isnull=True)
        .first()
    )
    if step is None or step.case.status != CaseStatus.OPEN:
        return None
    if waits_for_decision(step.code, access_revoked=step.case.access_revoked):
        return None  # R4 (#13): no alarm-group reminder or "missed" while the decision is expired
    if step.code == StepCode.ALARM_GROUP_ACT and not _handed_over(step.case):
        return None
    return step


def _handed_over(case: FaultCase) -> bool:
    """R8: the alarm group's step is theirs only once the case was handed to them.

    Until then the coordinator's "inform the alarm group" step is the late one,
    and its own reminder and escalation say so.
    """
    informed = case.steps.filter(code=StepCode.INFORM_ALARM_GROUP, done_at__isnull=False)
    return informed.exists()


@job_handler(REMIND)
def remind(job: ScheduledJob, now: datetime) -> None:
    step = _pending_step(job)
    if step is None or step.due_at is None:
        return
    notices.deadline_notice(
        step.case,
        template="deadline_reminder",
        task=label(step.code),
        deadline=step.due_at,
        recipients=notices.owners_of(step.case, step.role),
        now=now,
    )


@job_handler(MISSED)
def escalate_missed(job: ScheduledJob, now: datetime) -> None:
    step = _pending_step(job)
    if step is None or step.due_at is None:
        return
    timeline_append(
        case=step.case,
        kind=EntryKind.DEADLINE_MISSED,
        at=now,
        data={"step": step.code, "due": step.due_at.isoformat()},
    )
    recipients = notices.escalation_recipients(step.case, step.role, now=now)
    notices.deadline_notice(
        step.case,
        template="deadline_missed",
        task=label(step.code),
        deadline=step.due_at,
        recipients=recipients,
        now=now,
    )
