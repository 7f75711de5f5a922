"""`vredvakt retention [--dry-run]`: purge what is past its retention period (#14 item 7)."""

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from vredvakt.lib.commands import CHECKS_WITHOUT_URLS
from vredvakt.retention.periods import Cutoffs
from vredvakt.retention.purge import RetentionCounts, retention_apply, retention_plan


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "Delete data past its retention period; --dry-run only reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would go, change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["dry_run"]:
            cutoffs, counts = retention_plan(now=now)
            self.stdout.write("Dry run: nothing changed. A run now would remove:")
        else:
            cutoffs, counts = retention_apply(now=now, via="cli")
            self.stdout.write("Removed:")
        for line in report_lines(cutoffs, counts):
            self.stdout.write(line)


def report_lines(cutoffs: Cutoffs, counts: RetentionCounts) -> list[str]:
    def before(moment: datetime) -> str:
        return f"before {timezone.localtime(moment):%Y-%m-%d %H:%M}"

    rows = [
        ("telemetry events (deleted)", counts.telemetry_events, before(cutoffs.telemetry)),
        ("closed cases (deleted)", counts.cases_deleted, "closed " + before(cutoffs.closed_cases)),
        ("  their timeline entries (deleted)", counts.timeline_entries, ""),
        ("  night-patrol messages (deleted)", counts.night_patrol_messages, ""),
        ("  deviation reports (deleted)", counts.deviation_reports, ""),
        ("  scheduled jobs (deleted)", counts.scheduled_jobs, ""),
        ("key loans returned (deleted)", counts.key_loans, before(cutoffs.closed_cases)),
        ("notifications (deleted)", counts.messages, before(cutoffs.closed_cases)),
        ("audit entries and read log (deleted)", counts.audit_entries, before(cutoffs.audit)),
        ("rate-limit counts (deleted)", counts.rate_counts, before(cutoffs.rate_counts)),
    ]
    return [f"  {kind:<38}{count:>8}  {when}".rstrip() for kind, count, when in rows]
