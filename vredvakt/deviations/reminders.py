"""Reminders for reports left too long (R14): a draft its owner has not submitted,
a submitted report its unit manager has not followed up.

Scheduled jobs with stable keys (jobs/services.py): each reminder, when it runs
and finds the report still waiting, tells whoever must act and schedules the next.
"""

from datetime import datetime, timedelta

from django.conf import settings

from vredvakt.cases.models import CaseStep
from vredvakt.cases.steps import StepCode
from vredvakt.deviations import notices
from vredvakt.deviations.models import DeviationReport, ReportState
from vredvakt.jobs.handlers import job_handler
from vredvakt.jobs.models import ScheduledJob
from vredvakt.jobs.services import job_cancel, job_schedule
from vredvakt.routine.calendar import next_working_day
from vredvakt.routine.clock import at_local_time, to_local
from vredvakt.routine_versions.in_force import routine_in_force

DRAFT = "deviations.draft_reminder"
FOLLOW_UP = "deviations.follow_up_reminder"


def after_working_days(now: datetime, days: int) -> datetime:
    """The same wall-clock time `days` working days after `now` (the routine's calendar)."""
    _version, params = routine_in_force(now)
    local = to_local(now)
    day = local.date()
    for _ in range(max(1, days)):
        day = next_working_day(day, params)
    return at_local_time(day, local.time())


def draft_reminder_schedule(report: DeviationReport, *, now: datetime) -> None:
    due = after_working_days(now, settings.DEVIATION_DRAFT_REMINDER_WORKING_DAYS)
    key = f"deviation:{report.pk}:draft:{due:%Y%m%d%H%M}"
    job_schedule(kind=DRAFT, due_at=due, key=key, subject=report, now=now)


def draft_reminder_cancel(report: DeviationReport, *, now: datetime) -> None:
    job_cancel(subject=report, kind=DRAFT, now=now)


def follow_up_reminder_schedule(report: DeviationReport, *, now: datetime) -> None:
    due = now + timedelta(days=settings.DEVIATION_FOLLOW_UP_REMINDER_DAYS)
    key = f"deviation:{report.pk}:follow-up:{due:%Y%m%d%H%M}"
    job_schedule(kind=FOLLOW_UP, due_at=due, key=key, subject=report, now=now)


def follow_up_reminder_cancel(report: DeviationReport, *, now: datetime) -> None:
    job_cancel(subject=report, kind=FOLLOW_UP, now=now)


def _report(job: ScheduledJob, state: str) -> DeviationReport | None:
    return (
        DeviationReport.objects.select_related("unit")
        .filter(pk=int(job.subject_id), state=state)
        .first()
    )


def filed_by_hand(report: DeviationReport) -> bool:
    """The reference was recorded on the case (R14) or outage (R15) without this report."""
    if report.outage is not None:
        return report.outage.deviation_reported_at is not None
    return CaseStep.objects.filter(
        case_id=report.case_id, code=StepCode.REPORT_DEVIATION, done_at__isnull=False
    ).exists()


@job_handler(DRAFT)
def remind_draft(job: ScheduledJob, now: datetime) -> None:
    report = _report(job, ReportState.DRAFT)
    if report is not None and not filed_by_hand(report):
        notices.draft_waiting(report, now=now)
        draft_reminder_schedule(report, now=now)


@job_handler(FOLLOW_UP)
def remind_follow_up(job: ScheduledJob, now: datetime) -> None:
    report = _report(job, ReportState.SUBMITTED)
    if report is not None:
        notices.follow_up_waiting(report, now=now)
        follow_up_reminder_schedule(report, now=now)
