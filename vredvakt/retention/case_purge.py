"""Closed cases past their period, deleted with everything that is only about them (#14 item 7).

The same querysets serve the count (a dry run) and the deletion, so a dry run
reports exactly what a run at the same moment deletes. The order of the deletes
matters: each set is chosen through the old cases, so the cases go last.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from vredvakt.cases.models import FaultCase, NightPatrolMessage, TimelineEntry
from vredvakt.deviations.models import DeviationReport
from vredvakt.jobs.models import ScheduledJob
from vredvakt.keys.models import KeyLoan, KeyLoanEvent
from vredvakt.notifications.models import Message
from vredvakt.outages.models import BatteryTask


@dataclass(frozen=True)
class CasePurgeCounts:
    cases_deleted: int
    timeline_entries: int
    night_patrol_messages: int
    deviation_reports: int
    key_loans: int
    scheduled_jobs: int
    messages: int


def old_cases(cutoff: datetime) -> QuerySet[FaultCase]:
    return FaultCase.objects.filter(status="closed", closed_at__lt=cutoff)


def _ids_as_text(rows: QuerySet) -> QuerySet:
    # Jobs and messages name their subject by label and text id (jobs.services.subject_ref).
    return rows.annotate(pk_text=Cast("pk", CharField())).values("pk_text")


def _subject_of(rows: QuerySet) -> Q:
    return Q(subject_type=rows.model._meta.label_lower, subject_id__in=_ids_as_text(rows))


def _timeline(cases: QuerySet[FaultCase]) -> QuerySet[TimelineEntry]:
    return TimelineEntry.objects.filter(case__in=cases)


def _reports(cases: QuerySet[FaultCase]) -> QuerySet[DeviationReport]:
    return DeviationReport.objects.filter(case__in=cases)


def _night_patrol_messages(cases: QuerySet[FaultCase]) -> QuerySet[NightPatrolMessage]:
    # A message that also names a case still kept stays, losing only its link to the old one.
    kept = FaultCase.objects.exclude(pk__in=cases)
    return NightPatrolMessage.objects.filter(cases__in=cases).exclude(cases__in=kept).distinct()


def _jobs(cases: QuerySet[FaultCase]) -> QuerySet[ScheduledJob]:
    subjects = (
        _subject_of(cases)
        | _subject_of(_reports(cases))
        | _subject_of(_night_patrol_messages(cases))
    )
    return ScheduledJob.objects.filter(subjects)


def _loans(cutoff: datetime) -> QuerySet[KeyLoan]:
    # Who took which client's key is personal data in itself, with or without a case.
    return KeyLoan.objects.filter(returned_at__lt=cutoff)


def _messages(cutoff: datetime) -> QuerySet[Message]:
    # Bodies name clients, whatever the subject; a case still open keeps its messages.
    live_case = _subject_of(FaultCase.objects.exclude(status="closed"))
    return Message.objects.filter(created_at__lt=cutoff).exclude(live_case)


def _with_escalations(messages: QuerySet[Message]) -> int:
    """How many rows deleting `messages` removes: escalations of a message cascade with it."""
    total, level = 0, messages
    while count := level.count():
        total += count
        level = Message.objects.filter(escalation_of__in=level)
    return total


def _delete(rows: QuerySet) -> int:
    """Rows of the queryset's own model deleted (rows cascading from them not counted)."""
    return rows.delete()[1].get(rows.model._meta.label, 0)


def cases_purge_plan(cutoff: datetime) -> CasePurgeCounts:
    cases = old_cases(cutoff)
    return CasePurgeCounts(
        cases_deleted=cases.count(),
        timeline_entries=_timeline(cases).count(),
        night_patrol_messages=_night_patrol_messages(cases).count(),
        deviation_reports=_reports(cases).count(),
        key_loans=_loans(cutoff).count(),
        scheduled_jobs=_jobs(cases).count(),
        messages=_with_escalations(_messages(cutoff)),
    )


def cases_purge(cutoff: datetime) -> CasePurgeCounts:
    """Delete it; the caller holds the transaction (and writes the run's audit entry)."""
    cases = old_cases(cutoff)
    jobs = _delete(_jobs(cases))
    # By pk: the set is chosen through the case links, and distinct() cannot be deleted.
    patrol = list(_night_patrol_messages(cases).values_list("pk", flat=True))
    patrol_count = _delete(NightPatrolMessage.objects.filter(pk__in=patrol))
    timeline = _timeline(cases)
    # A correction PROTECTs the entry it corrects; both go, so the link is cut first.
    timeline.exclude(corrects=None).update(corrects=None)
    entries = _delete(timeline)
    reports = _delete(_reports(cases))
    _delete(KeyLoanEvent.objects.filter(loan__in=_loans(cutoff)))
    loans = _delete(_loans(cutoff))
    # Loans and battery tasks that outlive the case stay, without it.
    KeyLoan.objects.filter(case__in=cases).update(case=None)
    BatteryTask.objects.filter(critical_case__in=cases).update(critical_case=None)
    deleted = _delete(cases)
    messages = _delete(_messages(cutoff))
    return CasePurgeCounts(
        cases_deleted=deleted,
        timeline_entries=entries,
        night_patrol_messages=patrol_count,
        deviation_reports=reports,
        key_loans=loans,
        scheduled_jobs=jobs,
        messages=messages,
    )
