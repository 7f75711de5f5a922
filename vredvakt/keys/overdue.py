"""Keys not back in time (R5): a reminder before, an alert when due, then the manager.

Three jobs per loan with stable keys, scheduled at sign-out: a reminder to the
holder 30 minutes before the due time, an alert to the holder and the unit's
coordinators at the due time, and an alert to the unit manager an hour later.
Returning the key cancels them; a hand-over keeps them (the due time stays, and
each job tells whoever holds the key when it runs).
"""

from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from vredvakt.accounts.models import Role, Unit
from vredvakt.cases.services.timeline import timeline_append
from vredvakt.jobs.handlers import job_handler
from vredvakt.jobs.models import ScheduledJob
from vredvakt.jobs.services import job_cancel, job_schedule
from vredvakt.keys.models import KeyLoan
from vredvakt.lib.names import person_name
from vredvakt.notifications.recipients import Members
from vredvakt.notifications.services import notify
from vredvakt.oncall.routing import on_call_route

REMIND_LEAD = timedelta(minutes=30)
MANAGER_AFTER = timedelta(minutes=60)

REMIND = "keys.loan_reminder"
OVERDUE = "keys.loan_overdue"
ESCALATE = "keys.loan_escalate"
OVERDUE_ENTRY = "key_overdue"  # the case timeline's record of a key not back in time


def _job_key(loan: KeyLoan, step: str) -> str:
    return f"keyloan:{loan.pk}:{step}"


def overdue_schedule(loan: KeyLoan, *, now: datetime) -> None:
    due = loan.due_back_at
    plan = [(REMIND, due - REMIND_LEAD), (OVERDUE, due), (ESCALATE, due + MANAGER_AFTER)]
    for kind, at in plan:
        if kind == REMIND and at <= now:
            continue  # a loan due within half an hour needs no reminder
        step = kind.rsplit("_", 1)[-1]
        job_schedule(kind=kind, due_at=at, key=_job_key(loan, step), subject=loan, now=now)


def overdue_cancel(loan: KeyLoan, *, now: datetime) -> None:
    job_cancel(subject=loan, now=now)


def _open_loan(job: ScheduledJob) -> KeyLoan | None:
    return (
        KeyLoan.objects.select_related("key", "key__client", "key__storage", "holder", "case")
        .filter(pk=int(job.subject_id), returned_at__isnull=True)
        .first()
    )


def _unit(loan: KeyLoan) -> Unit | None:
    if loan.case is not None:
        return loan.case.unit
    return loan.key.client.unit if loan.key.client is not None else None


def _staff_path(loan: KeyLoan) -> str:
    """Where coordinators and managers see the loan: its case, or the key's place."""
    if loan.case_id is not None:
        return reverse("cases:detail", args=[loan.case_id])
    if loan.key.storage_id is not None:
        return reverse("keys:storage", args=[loan.key.storage_id])
    return reverse("keys:mine")


def _context(loan: KeyLoan, path: str) -> dict[str, Any]:
    client = loan.key.client
    return {
        "public": {
            "key": loan.key.code,
            "due_back": loan.due_back_at,
            "place": str(loan.key.storage or ""),
        },
        # Names and addresses only where the routine allows them (notifications.rendering).
        "personal": {
            "client": str(client) if client else "",
            "address": client.full_address if client else "",
            "signed_out_by": person_name(loan.holder),
        },
        "path": path,
    }


@job_handler(REMIND)
def remind(job: ScheduledJob, now: datetime) -> None:
    loan = _open_loan(job)
    if loan is None or now >= loan.due_back_at:
        return
    unit = _unit(loan)
    task = format_lazy(gettext_lazy("Return key {key}"), key=loan.key.code)
    notify(
        recipients=[loan.holder],
        template="deadline_reminder",
        context={
            "public": {
                "task": task,
                "deadline": loan.due_back_at,
                "unit": unit.name if unit else "",
            },
            "path": reverse("keys:mine"),
        },
        subject=loan,
        now=now,
    )


@job_handler(OVERDUE)
def alert(job: ScheduledJob, now: datetime) -> None:
    loan = _open_loan(job)
    if loan is None:
        return
    _record(loan, now, told="coordinator")
    notify(
        recipients=[loan.holder],
        template="key_overdue",
        context=_context(loan, reverse("keys:mine")),
        subject=loan,
        now=now,
    )
    _tell(loan, Role.COORDINATOR, now)


@job_handler(ESCALATE)
def escalate(job: ScheduledJob, now: datetime) -> None:
    loan = _open_loan(job)
    if loan is None:
        return
    _record(loan, now, told="unit_manager")
    _tell(loan, Role.UNIT_MANAGER, now)


def _tell(loan: KeyLoan, role: str, now: datetime) -> None:
    unit = _unit(loan)
    if unit is None:
        return
    # Out of hours the unit's on-call person, not its coordinators or managers (#12).
    recipients = on_call_route([Members(unit, role)], template="key_overdue", now=now)
    notify(
        recipients=recipients,
        template="key_overdue",
        context=_context(loan, _staff_path(loan)),
        subject=loan,
        now=now,
    )


def _record(loan: KeyLoan, now: datetime, *, told: str) -> None:
    if loan.case is None:
        return
    data = {"loan": loan.pk, "key": loan.key.code, "holder": person_name(loan.holder)}
    data.update(due_back=loan.due_back_at.isoformat(), told=told)
    timeline_append(case=loan.case, kind=OVERDUE_ENTRY, at=now, text=loan.key.code, data=data)
