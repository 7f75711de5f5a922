"""A report goes draft → submitted (with the deviation system's reference) → followed up,
each step by the person whose it is; wrong input or the wrong person changes nothing."""

from datetime import timedelta

import pytest

from tests.deviations.helpers import RESTORED_AT, helped_with_key, report_of, restored
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import CaseStep
from vredvakt.cases.services.lifecycle import case_close
from vredvakt.cases.steps import StepCode
from vredvakt.deviations.models import ReportState
from vredvakt.deviations.services import (
    Account,
    DeviationError,
    report_follow_up,
    report_save,
    report_submit,
)
from vredvakt.keys.loans import key_return
from vredvakt.notifications.models import Message

LATER = RESTORED_AT + timedelta(hours=1)
WRITTEN = Account(
    account="Låset öppnade inte kl. 10. Jag hämtade enhetsnyckeln och kom in 10:25.",
    assessment="Batteriet var slut; ingen varning nådde oss.",
    serious="no",
)


def test_the_owner_saves_submits_and_the_case_gets_the_reference(world):
    case = restored(world, helped_with_key(world))
    report = report_of(case)

    report_save(report=report, by=world.anna, written=WRITTEN, now=LATER)
    report_submit(report=report, by=world.anna, written=WRITTEN, reference="AV-2026-118", now=LATER)

    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.reference == "AV-2026-118"
    assert report.submitted_by == world.anna and report.facts_at == LATER
    # R14: the case's step is done with the reference, as the case page's own form would.
    step = CaseStep.objects.get(case=case, code=StepCode.REPORT_DEVIATION)
    assert step.done_by == world.anna and step.done_at == LATER
    assert case.timeline.filter(kind="deviation_reported", text="AV-2026-118").exists()
    # The unit manager is asked to follow it up.
    assert Message.objects.filter(kind="deviation_submitted", recipient=world.ulla).exists()
    # Closing the case later asks nobody for a report already filed.
    key_return(loan=case.key_loans.get(), by=world.anna, now=LATER)
    case_close(case=case, by=world.kim, now=LATER + timedelta(minutes=5))
    assert not Message.objects.filter(kind="deviation_requested").exists()


def test_the_unit_manager_follows_up_and_closes_it(world):
    report = report_of(restored(world, helped_with_key(world)))
    report_submit(report=report, by=world.anna, written=WRITTEN, reference="AV-1", now=LATER)

    report_follow_up(
        report=report,
        by=world.ulla,
        analysis="Batterivarningen gick bara till larmgruppen.",
        actions="Leverantören skickar varningar även till enheten från 1 dec.",
        now=LATER + timedelta(days=1),
    )

    report.refresh_from_db()
    assert report.state == ReportState.FOLLOWED_UP
    assert report.followed_up_by == world.ulla
    assert AuditEntry.objects.filter(action="deviation.follow_up", actor=world.ulla).exists()


@pytest.mark.parametrize(
    ("reference", "written", "field"),
    [
        ("", WRITTEN, "reference"),
        ("   ", WRITTEN, "reference"),
        ("A" * 101, WRITTEN, "reference"),
        ("AV-1", Account(serious="no"), "account"),
        ("AV-1", Account(account="Hände något."), "serious"),
        ("AV-1", Account(account="Hände något.", serious="yes"), "serious_note"),
        ("AV-1", Account(account="Hände något.", serious="kanske"), "serious"),
    ],
)
def test_it_refuses_an_incomplete_submit_and_changes_nothing(world, reference, written, field):
    case = restored(world, helped_with_key(world))
    report = report_of(case)

    with pytest.raises(DeviationError) as refused:
        report_submit(report=report, by=world.anna, written=written, reference=reference, now=LATER)

    assert refused.value.field == field and refused.value.status == 422
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.reference == "" and report.account == ""
    assert not CaseStep.objects.filter(case=case, code="report_deviation", done_at__isnull=False)


def test_a_submitted_report_cannot_be_changed_or_submitted_again(world):
    report = report_of(restored(world, helped_with_key(world)))
    report_submit(report=report, by=world.anna, written=WRITTEN, reference="AV-1", now=LATER)

    with pytest.raises(DeviationError):
        report_save(report=report, by=world.anna, written=Account(account="Annat"), now=LATER)
    with pytest.raises(DeviationError):
        report_submit(report=report, by=world.anna, written=WRITTEN, reference="AV-2", now=LATER)

    report.refresh_from_db()
    assert report.reference == "AV-1" and report.account == WRITTEN.account


def test_a_draft_is_not_followed_up(world):
    report = report_of(restored(world, helped_with_key(world)))

    with pytest.raises(DeviationError):
        report_follow_up(report=report, by=world.ulla, analysis="A", actions="B", now=LATER)

    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.analysis == ""


def test_a_follow_up_needs_analysis_and_actions(world):
    report = report_of(restored(world, helped_with_key(world)))
    report_submit(report=report, by=world.anna, written=WRITTEN, reference="AV-1", now=LATER)

    with pytest.raises(DeviationError) as refused:
        report_follow_up(report=report, by=world.ulla, analysis="Analys", actions=" ", now=LATER)

    assert refused.value.field == "actions"
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.analysis == ""
