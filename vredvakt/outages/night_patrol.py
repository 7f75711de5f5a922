"""R9 during a major outage: one reminder per unit instead of one per case.

An outage's cases schedule no reminders of their own while it is open
(docs/outages.md), but the night patrol must still hear of every affected
client by 17:00 (R9), or at once on a day off (R10). So each unit with outage
cases still waiting for the night-patrol message gets one reminder an hour
before that deadline and, if the message has still not gone, one escalation
at it: to the unit's coordinators (and then its manager), with how many
clients wait and a link to the unit's night-patrol message.
"""

from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from vredvakt.accounts.models import Role, Unit
from vredvakt.cases.models import CaseStatus, CaseStep
from vredvakt.cases.services.reminders import AT_ONCE_GRACE, REMINDER_LEAD
from vredvakt.cases.steps import StepCode
from vredvakt.jobs.handlers import job_handler
from vredvakt.jobs.models import ScheduledJob
from vredvakt.jobs.services import JobSpec, job_schedule_many
from vredvakt.notifications.recipients import Members
from vredvakt.notifications.services import notify
from vredvakt.outages.models import MajorOutage, OutageStatus

REMIND = "outages.night_patrol_reminder"
MISSED = "outages.night_patrol_missed"


def _waiting(outage_id: int) -> QuerySet[CaseStep]:
    """Night-patrol steps still to do on the outage's open cases."""
    return CaseStep.objects.filter(
        case__major_outage_id=outage_id,
        case__status=CaseStatus.OPEN,
        code=StepCode.MESSAGE_NIGHT_PATROL,
        done_at__isnull=True,
        due_at__isnull=False,
    )


def schedule_unit_reminders(outage: MajorOutage, *, now: datetime) -> int:
    """Jobs for each (unit, deadline) of the outage's waiting cases; returns how many pairs.

    Stable keys: run again as cases join the outage, it adds only what is new.
    """
    pairs = list(
        _waiting(outage.pk)
        .values_list("case__unit_id", "due_at")
        .distinct()
        .order_by("case__unit_id", "due_at")
    )
    jobs = []
    for unit_id, due_at in pairs:
        assert due_at is not None  # _waiting has only steps with a deadline
        key = f"outage:{outage.pk}:unit:{unit_id}:night-patrol:{due_at.isoformat()}"
        payload = {"unit": unit_id, "due": due_at.isoformat()}
        remind_at = due_at - REMINDER_LEAD
        if remind_at > now:
            jobs.append(JobSpec(REMIND, remind_at, f"{key}:remind", outage, payload))
        missed_at = due_at if due_at > now else now + AT_ONCE_GRACE
        jobs.append(JobSpec(MISSED, missed_at, f"{key}:missed", outage, payload))
    job_schedule_many(jobs, now=now)
    return len(pairs)


@job_handler(REMIND)
def remind(job: ScheduledJob, now: datetime) -> None:
    _tell(job, template="deadline_reminder", managers_too=False, now=now)


@job_handler(MISSED)
def escalate_missed(job: ScheduledJob, now: datetime) -> None:
    _tell(job, template="deadline_missed", managers_too=True, now=now)


def _tell(job: ScheduledJob, *, template: str, managers_too: bool, now: datetime) -> None:
    outage = MajorOutage.objects.filter(pk=int(job.subject_id), status=OutageStatus.OPEN).first()
    if outage is None:
        return  # over: each case has its own reminders again (outages.release)
    unit = Unit.objects.get(pk=job.payload["unit"])
    due = datetime.fromisoformat(job.payload["due"])
    waiting = _waiting(outage.pk).filter(case__unit=unit, due_at=due).count()
    if not waiting:
        return
    recipients = [Members(unit, Role.COORDINATOR)]
    if managers_too:
        recipients.append(Members(unit, Role.UNIT_MANAGER))
    task = ngettext(
        "Message the night patrol about %(count)d client in the major outage",
        "Message the night patrol about %(count)d clients in the major outage",
        waiting,
    ) % {"count": waiting}
    notify(
        recipients=recipients,
        template=template,
        context={
            "public": {"task": task, "deadline": due, "unit": unit.name},
            "path": reverse("cases:night_patrol", args=[unit.pk]),
        },
        subject=outage,
        now=now,
    )
