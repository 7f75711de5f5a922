"""Retention (#14 item 7): old telemetry, old closed cases with all about them, old logs deleted."""

import io
import json
from datetime import UTC, datetime, timedelta

import time_machine
from django.core.management import call_command

from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import (
    CaseStep,
    FaultCase,
    NightPatrolMessage,
    SubmissionToken,
    TimelineEntry,
)
from vredvakt.cases.services.lifecycle import case_close, case_restore
from vredvakt.cases.services.night_patrol import night_patrol_message_send
from vredvakt.cases.services.opening import case_open
from vredvakt.deviations.models import DeviationReport
from vredvakt.jobs.loop import Tick
from vredvakt.jobs.models import ScheduledJob
from vredvakt.keys.loans import key_return, key_sign_out
from vredvakt.keys.models import KeyLoan, KeyLoanEvent
from vredvakt.locks.models import Integration, LockEvent
from vredvakt.notifications.models import Delivery, Message
from vredvakt.outages.models import BatteryTask
from vredvakt.retention.job import retention_daily
from vredvakt.retention.purge import retention_apply, retention_plan

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
SECRET_NOTE = "Nyckeln ligger under mattan hos Karin"


def closed_case(world, at: datetime) -> FaultCase:
    case = case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        note=SECRET_NOTE,
        now=at,
    ).case
    # The whole routine, so every row a case gathers exists: the night patrol told (R9),
    # the key taken and returned (R5), the deviation report asked for (R14).
    night_patrol_message_send(
        unit=world.tumba, case_ids=[case.pk], text="", by=world.kim, now=at + timedelta(minutes=5)
    )
    loan = key_sign_out(
        key=world.karin_unit_key, by=world.anna, case=case, now=at + timedelta(minutes=10)
    )
    key_return(loan=loan, by=world.anna, now=at + timedelta(minutes=50))
    case_restore(
        case=case, by=world.kim, now=at + timedelta(hours=1), note="Bytt batteri hos Karin"
    )
    return case_close(case=case, by=world.kim, now=at + timedelta(hours=2))


def everything_about(case: FaultCase) -> dict[str, int]:
    """Rows about one case, by kind: what retention must delete together, or keep together."""
    subject = {"subject_type": "cases.faultcase", "subject_id": str(case.pk)}
    return {
        "case": FaultCase.objects.filter(pk=case.pk).count(),
        "steps": CaseStep.objects.filter(case_id=case.pk).count(),
        "timeline": TimelineEntry.objects.filter(case_id=case.pk).count(),
        "report": DeviationReport.objects.filter(case_id=case.pk).count(),
        "night patrol": NightPatrolMessage.objects.filter(cases__id=case.pk).count(),
        "key loans": KeyLoan.objects.filter(case_id=case.pk).count(),
        "tokens": SubmissionToken.objects.filter(case_id=case.pk).count(),
        "messages": Message.objects.filter(**subject).count(),
        "jobs": ScheduledJob.objects.filter(**subject).count(),
    }


def telemetry(at: datetime, event_id: str) -> None:
    integration, _ = Integration.objects.get_or_create(
        name="phoniro", defaults={"vendor": "Phoniro", "secret": "s", "created_at": T0}
    )
    LockEvent.objects.create(
        integration=integration,
        event_id=event_id,
        vendor_lock_id="PH-1",
        type="heartbeat",
        at=at,
        received_at=at,
    )


def test_a_dry_run_reports_and_changes_nothing(world):
    closed_case(world, T0)
    telemetry(T0, "old")
    telemetry(T0 + timedelta(days=60), "newer")
    entries = AuditEntry.objects.count()
    out = io.StringIO()

    with time_machine.travel(T0 + timedelta(days=91), tick=False):
        call_command("retention", "--dry-run", stdout=out)

    text = out.getvalue()
    assert "Dry run" in text
    assert "telemetry events (deleted)                   1  before 2026-11-25 10:00" in text
    assert "closed cases (deleted)                       0" in text
    assert LockEvent.objects.count() == 2
    assert AuditEntry.objects.count() == entries


def test_raw_telemetry_older_than_90_days_is_deleted(world):
    telemetry(T0, "old")
    telemetry(T0 + timedelta(days=60), "newer")

    _cutoffs, counts = retention_apply(now=T0 + timedelta(days=91), via="cli")

    assert counts.telemetry_events == 1
    assert list(LockEvent.objects.values_list("event_id", flat=True)) == ["newer"]


def test_closed_cases_older_than_5_years_are_deleted_with_everything_about_them(world):
    old = closed_case(world, T0)
    old_loan = KeyLoan.objects.get(case=old)
    old_facts = everything_about(old)
    # Each kind of row exists before the run, or the test would prove nothing.
    assert all(old_facts[kind] for kind in ("case", "steps", "timeline", "report", "night patrol"))
    assert old_facts["key loans"] and old_facts["messages"] and old_facts["jobs"]
    assert Delivery.objects.filter(message__created_at__lt=T0 + timedelta(days=1)).exists()
    recent = closed_case(world, T0 + timedelta(days=400))
    recent_facts = everything_about(recent)
    now = T0 + timedelta(days=5 * 365 + 1)

    _cutoffs, counts = retention_apply(now=now, via="worker")

    assert set(everything_about(old).values()) == {0}
    assert not KeyLoanEvent.objects.filter(loan_id=old_loan.pk).exists()
    assert not KeyLoan.objects.filter(pk=old_loan.pk).exists()
    assert not Message.objects.filter(created_at__lt=now - timedelta(days=5 * 365)).exists()
    assert not Delivery.objects.filter(message__created_at__lt=T0 + timedelta(days=1)).exists()
    assert everything_about(recent) == recent_facts
    assert SECRET_NOTE in TimelineEntry.objects.filter(case=recent).values_list("text", flat=True)
    assert "Karin" in json.dumps(DeviationReport.objects.get(case=recent).facts)
    assert (counts.cases_deleted, counts.deviation_reports, counts.night_patrol_messages) == (
        1,
        1,
        1,
    )
    assert counts.key_loans == 1 and counts.timeline_entries == old_facts["timeline"]
    # A second run finds nothing left to do.
    assert retention_plan(now=now)[1].cases_deleted == 0


def test_a_battery_task_outlives_its_critical_case_without_it(world):
    old = closed_case(world, T0)
    # R17: the battery went critical, a case ran the routine; the task is the lock's history.
    task = BatteryTask.objects.create(
        lock=world.karin_lock, opened_at=T0, battery_at_open=4, critical_case=old
    )

    retention_apply(now=T0 + timedelta(days=5 * 365 + 1), via="cli")

    task.refresh_from_db()
    assert task.critical_case_id is None and task.battery_at_open == 4
    assert not FaultCase.objects.filter(pk=old.pk).exists()


def test_the_dry_run_counts_exactly_what_the_run_then_deletes(world):
    closed_case(world, T0)
    closed_case(world, T0 + timedelta(days=3))
    closed_case(world, T0 + timedelta(days=400))
    telemetry(T0, "old")
    now = T0 + timedelta(days=5 * 365 + 4)
    before = {model: model.objects.count() for model in (FaultCase, TimelineEntry, Message)}

    _cutoffs, planned = retention_plan(now=now)

    assert {model: model.objects.count() for model in before} == before
    _cutoffs, done = retention_apply(now=now, via="cli")
    assert done == planned
    assert done.cases_deleted == 2 and done.messages > 0 and done.scheduled_jobs > 0
    assert FaultCase.objects.count() == before[FaultCase] - 2


def test_audit_verify_passes_after_a_run(world):
    closed_case(world, T0)
    closed_case(world, T0 + timedelta(days=400))

    retention_apply(now=T0 + timedelta(days=5 * 365 + 1), via="cli")

    out = io.StringIO()
    # A failed walk raises CommandError naming the first broken entry.
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("OK, ")
    assert AuditEntry.objects.filter(action="retention.purge").exists()


def test_audit_entries_older_than_5_years_are_purged_and_the_run_is_recorded(world):
    closed_case(world, T0)
    assert AuditEntry.objects.filter(at__lt=T0 + timedelta(days=1)).exists()
    now = T0 + timedelta(days=5 * 365 + 1)

    retention_apply(now=now, via="cli")

    assert not AuditEntry.objects.filter(at__lt=now - timedelta(days=5 * 365)).exists()
    (run,) = AuditEntry.objects.filter(action="retention.purge")
    assert run.at == now
    assert run.detail["cases_deleted"] == 1
    assert run.detail["audit_entries"] > 0
    assert run.detail["cutoff_audit"] == (now - timedelta(days=5 * 365)).isoformat()


def test_an_old_open_case_keeps_everything(world):
    case = case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        note=SECRET_NOTE,
        now=T0,
    ).case
    key_sign_out(key=world.karin_unit_key, by=world.anna, case=case, now=T0 + timedelta(hours=1))
    facts = everything_about(case)

    retention_apply(now=T0 + timedelta(days=10 * 365), via="cli")

    assert everything_about(case) == facts
    assert SECRET_NOTE in TimelineEntry.objects.filter(case=case).values_list("text", flat=True)


def test_periods_come_from_settings(world, settings):
    settings.RETENTION_TELEMETRY_DAYS = 10
    telemetry(T0, "old")

    assert retention_plan(now=T0 + timedelta(days=11))[1].telemetry_events == 1
    assert retention_plan(now=T0 + timedelta(days=9))[1].telemetry_events == 0


def test_the_worker_runs_it_once_a_day(world):
    telemetry(T0, "old")
    now = T0 + timedelta(days=91)

    retention_daily(Tick(now=now))
    retention_daily(Tick(now=now + timedelta(hours=23)))
    telemetry(T0 + timedelta(days=1), "later")
    retention_daily(Tick(now=now + timedelta(days=1, seconds=1)))

    assert AuditEntry.objects.filter(action="retention.purge").count() == 2
    assert not LockEvent.objects.exists()
