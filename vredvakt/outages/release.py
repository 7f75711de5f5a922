"""When a major outage is over: its cases go back to the ordinary routine (R7, R13).

Cases whose lock works again are recorded as working again, confirmed by the
leader who declared the outage over (a person confirms, R7), as one case is on
its own page (cases.services); those still out of order go to their
coordinators with the messages and reminders held back while the outage was
open. A case whose lock works but that something else keeps open (an expired
decision R4, a report at the door during the outage, a key still out R5) stays
open with its steps, and the outage's record says which and why (#13).
"""

from dataclasses import replace
from datetime import datetime
from typing import Any

from django.db.models import Q

from vredvakt.cases.decisions import DecisionCheck, check_decisions
from vredvakt.cases.holds import restore_holds
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.services import notices as case_notices
from vredvakt.cases.services import reminders as case_reminders
from vredvakt.cases.services.lifecycle import cases_restore_many
from vredvakt.cases.services.timeline import EntryKind
from vredvakt.jobs.handlers import job_handler
from vredvakt.jobs.models import ScheduledJob
from vredvakt.outages import notices as outage_notices
from vredvakt.outages import texts
from vredvakt.outages.inbox import FAULT_STATUSES
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import AFTER_RESTORE, entry_add
from vredvakt.outages.services import EntryKind as OutageEntry
from vredvakt.routine.clock import to_local
from vredvakt.routine_versions.in_force import routine_in_force

CHUNK = 2000


@job_handler(AFTER_RESTORE)
def after_restore(job: ScheduledJob, now: datetime) -> None:
    outage = MajorOutage.objects.get(pk=int(job.subject_id))
    attached = FaultCase.objects.filter(major_outage=outage)
    # R4: an expired decision outlasts the outage; the assessor hears now.
    for case in attached.filter(access_revoked=True).select_related("client", "unit"):
        if _was_held_back(case):
            _tell_assessor(case, now)
    open_cases = attached.filter(status=CaseStatus.OPEN)
    working = open_cases.filter(lock__isnull=False).exclude(lock__status__in=sorted(FAULT_STATUSES))
    ids = list(working.order_by("pk").values_list("pk", flat=True))
    held = restore_holds(ids, since=outage.opened_at, today=to_local(now).date())
    _restore(outage, [pk for pk in ids if pk not in held], now)
    if held:
        text = texts.left_open_note(held)
        entry_add(outage, OutageEntry.CASES_LEFT_OPEN, at=now, text=text, data=_as_json(held))
        outage_notices.cases_left_open(outage, text=text, now=now)
    for case in open_cases.select_related("client", "unit", "lock"):
        _release(case, now)


def _as_json(held: dict[int, list[str]]) -> dict[str, Any]:
    # JSON keys are strings; the record lists the cases by number only: the outage
    # page names no client (outages.access).
    return {"cases": {str(pk): reasons for pk, reasons in sorted(held.items())}}


def _restore(outage: MajorOutage, ids: list[int], now: datetime) -> None:
    by = outage.restored_by
    assert by is not None  # outage_restore names who ended it: a person confirms (R7)
    note = texts.restored_with_outage_note(outage.pk)
    for start in range(0, len(ids), CHUNK):
        cases_restore_many(
            cases=ids[start : start + CHUNK],
            by=by,
            now=now,
            note=note,
            via="worker",
            detail={"major_outage": outage.pk},
        )


def _was_held_back(case: FaultCase) -> bool:
    # Cases attached after they opened sent their messages then (bulk.cases_attach).
    return not case.timeline.filter(Q(kind=EntryKind.NOTE) & Q(data__attached=True)).exists()


def _check(case: FaultCase, now: datetime) -> DecisionCheck:
    _version, params = routine_in_force(now)
    return check_decisions(
        case.client, today=to_local(now).date(), warning_days=params.decision_warning_days
    )


def _tell_assessor(case: FaultCase, now: datetime) -> None:
    check = _check(case, now)
    if check.revoked:
        case_notices.decision_expired(case, check, now=now)


def _release(case: FaultCase, now: datetime) -> None:
    if not _was_held_back(case):
        return
    # The assessor has just been told (above): not twice.
    case_notices.case_opened(case, replace(_check(case, now), revoked=False), now=now)
    case_reminders.schedule_for(case, now=now)
