"""Retention (#14 item 7): old telemetry purged, old closed cases anonymised, old logs purged."""

import io
import json
from datetime import UTC, datetime, timedelta

import time_machine
from django.core.management import call_command

from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import CaseStatus, FaultCase, TimelineEntry
from vredvakt.cases.services.lifecycle import case_close, case_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.deviations.models import DeviationReport
from vredvakt.jobs.loop import Tick
from vredvakt.locks.models import Integration, LockEvent
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
    case_restore(
        case=case, by=world.kim, now=at + timedelta(hours=1), note="Bytt batteri hos Karin"
    )
    return case_close(case=case, by=world.kim, now=at + timedelta(hours=2))


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
    assert "closed cases (anonymised)                    0" in text
    assert LockEvent.objects.count() == 2
    assert AuditEntry.objects.count() == entries


def test_raw_telemetry_older_than_90_days_is_deleted(world):
    telemetry(T0, "old")
    telemetry(T0 + timedelta(days=60), "newer")

    _cutoffs, counts = retention_apply(now=T0 + timedelta(days=91), via="cli")

    assert counts.telemetry_events == 1
    assert list(LockEvent.objects.values_list("event_id", flat=True)) == ["newer"]


def test_closed_cases_older_than_5_years_lose_their_free_text_but_still_count(world):
    old = closed_case(world, T0)
    later = T0 + timedelta(days=400)
    recent = closed_case(world, later)
    now = T0 + timedelta(days=5 * 365 + 1)

    cutoffs, counts = retention_apply(now=now, via="worker")

    assert counts.closed_cases == 1
    old_texts = TimelineEntry.objects.filter(case=old).values_list("text", flat=True)
    assert set(old_texts) == {""}
    assert SECRET_NOTE in TimelineEntry.objects.filter(case=recent).values_list("text", flat=True)
    # The deviation report asked for when Karin was helped (#15) no longer names her.
    assert counts.deviation_reports == 1
    old_report = DeviationReport.objects.get(case=old)
    assert "Karin" not in json.dumps(old_report.facts) and old_report.account == ""
    assert "Karin" in json.dumps(DeviationReport.objects.get(case=recent).facts)
    # Statistics still see both cases, of their kind and with their times.
    assert FaultCase.objects.filter(status=CaseStatus.CLOSED, kind="lock").count() == 2
    old.refresh_from_db()
    assert old.closed_at == T0 + timedelta(hours=2)
    # A second run finds nothing left to do.
    assert retention_plan(now=now)[1].closed_cases == 0


def test_audit_entries_older_than_5_years_are_purged_and_the_run_is_recorded(world):
    closed_case(world, T0)
    assert AuditEntry.objects.filter(at__lt=T0 + timedelta(days=1)).exists()
    now = T0 + timedelta(days=5 * 365 + 1)

    retention_apply(now=now, via="cli")

    assert not AuditEntry.objects.filter(at__lt=now - timedelta(days=5 * 365)).exists()
    (run,) = AuditEntry.objects.filter(action="retention.purge")
    assert run.at == now
    assert run.detail["closed_cases"] == 1
    assert run.detail["audit_entries"] > 0
    assert run.detail["cutoff_audit"] == (now - timedelta(days=5 * 365)).isoformat()


def test_open_cases_are_never_touched(world):
    case = case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        note=SECRET_NOTE,
        now=T0,
    ).case

    retention_apply(now=T0 + timedelta(days=10 * 365), via="cli")

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
