"""Every state change of a deviation report (R14, R15): create, save, submit, follow up.

Each function checks the rule, saves, writes the audit record and queues its
messages in one transaction. A request the report's state or the input forbids
raises DeviationError and changes nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from vredvakt.audit.services import audit_record
from vredvakt.cases.errors import CaseError
from vredvakt.cases.models import CaseStep, FaultCase
from vredvakt.cases.services.lifecycle import deviation_reported
from vredvakt.cases.steps import StepCode
from vredvakt.deviations import notices, reminders
from vredvakt.deviations.facts import case_facts, outage_facts
from vredvakt.deviations.models import DeviationReport, ReportState, SeriousDeficiency
from vredvakt.deviations.ownership import Ownership, case_ownership, outage_ownership
from vredvakt.lib.refusal import Refused
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import OutageError, outage_deviation_reported

MAX_TEXT = 5000
MAX_REFERENCE = 100


class DeviationError(Refused):
    """A request the report's state or the routine does not allow; `field` names the input."""


@dataclass(frozen=True)
class Account:
    """What the owner writes: their account, assessment and the Lex Sarah question."""

    account: str = ""
    assessment: str = ""
    serious: str = ""
    serious_note: str = ""


def _create(
    ownership: Ownership, facts: dict[str, object], now: datetime, **subject: object
) -> DeviationReport:
    report = DeviationReport.objects.create(
        owner=ownership.owner,
        owner_role=ownership.role,
        unit=ownership.unit,
        facts=facts,
        facts_at=now,
        created_at=now,
        updated_at=now,
        **subject,
    )
    audit_record(actor=None, action="deviation.create", obj=report, via="system", now=now)
    notices.report_requested(report, now=now)
    reminders.draft_reminder_schedule(report, now=now)
    return report


def reports_for_cases(case_ids: Sequence[int], *, now: datetime) -> list[DeviationReport]:
    """R14: a report for each case whose client was helped; a draft's facts are refreshed.

    A case that is part of a major outage has none of its own: the operations
    manager's report of the outage covers it (R15).
    """
    made = []
    with transaction.atomic():
        cases = (
            FaultCase.objects.filter(pk__in=list(case_ids), major_outage__isnull=True)
            .select_related("client", "unit", "lock", "opened_by", "restored_by", "routine_version")
            .order_by("pk")
        )
        existing = {r.case_id: r for r in DeviationReport.objects.filter(case__in=cases)}
        for case in cases:
            report = existing.get(case.pk)
            if report is None:
                made.append(_create(case_ownership(case), case_facts(case, now), now, case=case))
            elif report.is_draft:
                _refresh(report, now)
    return made


def report_for_outage(outage_id: int, *, now: datetime) -> DeviationReport:
    """R15: the operations manager writes the report of a major outage once it is over."""
    with transaction.atomic():
        outage = MajorOutage.objects.get(pk=outage_id)
        report = DeviationReport.objects.filter(outage=outage).first()
        if report is None:
            return _create(outage_ownership(), outage_facts(outage, now), now, outage=outage)
        if report.is_draft:
            _refresh(report, now)
        return report


def _refresh(report: DeviationReport, now: datetime) -> None:
    """A draft's facts follow the record until it is submitted (a restore after the key)."""
    if report.case_id is not None:
        case = FaultCase.objects.select_related("client", "unit", "lock").get(pk=report.case_id)
        report.facts = case_facts(case, now)
    elif report.outage is not None:
        report.facts = outage_facts(report.outage, now)
    report.facts_at = now
    report.save(update_fields=["facts", "facts_at"])


def _locked(report: DeviationReport) -> DeviationReport:
    return DeviationReport.objects.select_for_update().get(pk=report.pk)


def _clean(text: str, field: str) -> str:
    text = text.strip()
    if len(text) > MAX_TEXT:
        message = _("Write at most %(count)d characters.") % {"count": MAX_TEXT}
        raise DeviationError(message, status=422, field=field)
    return text


def _checked(written: Account) -> Account:
    if written.serious not in {"", *SeriousDeficiency.values}:
        message = _("Answer yes, no or unsure.")
        raise DeviationError(message, status=422, field="serious")
    return Account(
        account=_clean(written.account, "account"),
        assessment=_clean(written.assessment, "assessment"),
        serious=written.serious,
        serious_note=_clean(written.serious_note, "serious_note"),
    )


def _write(report: DeviationReport, written: Account) -> None:
    report.account, report.assessment = written.account, written.assessment
    report.serious, report.serious_note = written.serious, written.serious_note


def report_save(
    *,
    report: DeviationReport,
    by: AbstractBaseUser,
    written: Account,
    now: datetime,
    via: str = "web",
) -> DeviationReport:
    """The owner saves the draft; nothing is sent."""
    written = _checked(written)
    with transaction.atomic():
        report = _locked(report)
        if not report.is_draft:
            raise DeviationError(_("The report has been submitted and can no longer be changed."))
        _write(report, written)
        report.updated_at = now
        report.save(
            update_fields=["account", "assessment", "serious", "serious_note", "updated_at"]
        )
        audit_record(actor=by, action="deviation.save", obj=report, via=via, now=now)
    return report


def _complete(written: Account, reference: str) -> str:
    reference = reference.strip()
    if not reference:
        message = _("Write the report's reference from the municipality's deviation system.")
        raise DeviationError(message, status=422, field="reference")
    if len(reference) > MAX_REFERENCE:
        message = _("The reference is at most %(count)d characters.") % {"count": MAX_REFERENCE}
        raise DeviationError(message, status=422, field="reference")
    if not written.account:
        raise DeviationError(_("Write what happened."), status=422, field="account")
    if not written.serious:
        message = _("Answer whether this may be a serious deficiency (Lex Sarah).")
        raise DeviationError(message, status=422, field="serious")
    if written.serious == SeriousDeficiency.YES and not written.serious_note:
        message = _("Write what makes it serious and whether the unit manager has been told.")
        raise DeviationError(message, status=422, field="serious_note")
    return reference


def report_submit(
    *,
    report: DeviationReport,
    by: AbstractBaseUser,
    written: Account,
    reference: str,
    now: datetime,
    via: str = "web",
) -> DeviationReport:
    """The owner submits it with the deviation system's reference; the manager follows up.

    The case's R14 step and reference (or the outage's, R15) are recorded with it,
    so the case's own flow stays as it was.
    """
    written = _checked(written)
    reference = _complete(written, reference)
    with transaction.atomic():
        report = _locked(report)
        if not report.is_draft:
            raise DeviationError(_("The report has already been submitted."))
        _refresh(report, now)  # the facts as they stand when it is filed
        _write(report, written)
        report.reference = reference
        report.state, report.submitted_at, report.submitted_by_id = (
            ReportState.SUBMITTED,
            now,
            by.pk,
        )
        report.updated_at = now
        report.save()
        _record_on_subject(report, by, now, via)
        audit_record(actor=by, action="deviation.submit", obj=report, via=via, now=now)
        reminders.draft_reminder_cancel(report, now=now)
        reminders.follow_up_reminder_schedule(report, now=now)
        notices.report_submitted(report, now=now)
    return report


def _record_on_subject(
    report: DeviationReport, by: AbstractBaseUser, now: datetime, via: str
) -> None:
    try:
        if report.case_id is not None:
            step_done = CaseStep.objects.filter(
                case_id=report.case_id, code=StepCode.REPORT_DEVIATION, done_at__isnull=False
            ).exists()
            if not step_done:  # recorded by hand on the case page already: keep that
                case = FaultCase.objects.get(pk=report.case_id)
                deviation_reported(case=case, by=by, reference=report.reference, now=now, via=via)
        elif report.outage is not None and report.outage.deviation_reported_at is None:
            outage_deviation_reported(
                outage=report.outage, by=by, reference=report.reference, now=now, via=via
            )
    except (CaseError, OutageError) as refused:
        raise DeviationError(refused.message, status=refused.status) from refused


def report_follow_up(
    *,
    report: DeviationReport,
    by: AbstractBaseUser,
    analysis: str,
    actions: str,
    now: datetime,
    via: str = "web",
) -> DeviationReport:
    """The unit manager's follow-up (SOSFS 2011:9): analysis, actions; the report is closed."""
    analysis, actions = _clean(analysis, "analysis"), _clean(actions, "actions")
    if not analysis:
        raise DeviationError(_("Write the analysis."), status=422, field="analysis")
    if not actions:
        message = _("Write the actions taken or planned, or why none are needed.")
        raise DeviationError(message, status=422, field="actions")
    with transaction.atomic():
        report = _locked(report)
        if report.state == ReportState.DRAFT:
            raise DeviationError(_("The report has not been submitted yet."))
        if report.state == ReportState.FOLLOWED_UP:
            raise DeviationError(_("The report has already been followed up."))
        report.analysis, report.actions = analysis, actions
        report.state = ReportState.FOLLOWED_UP
        report.followed_up_at, report.followed_up_by_id = now, by.pk
        report.updated_at = now
        report.save()
        reminders.follow_up_reminder_cancel(report, now=now)
        audit_record(actor=by, action="deviation.follow_up", obj=report, via=via, now=now)
    return report
