"""`vredvakt demo-data [--today YYYY-MM-DD]`: load or refresh the demo municipality."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from vredvakt.demo.services import DemoReport, demo_data_load


class Command(BaseCommand):
    help = "Load a made-up municipality to try Vredvakt with; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Place care decisions relative to this day (YYYY-MM-DD); default today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        today = _parse_day(options["today"]) if options["today"] else timezone.localdate(now)
        report = demo_data_load(today=today, now=now)
        self._print(report, today)

    def _print(self, report: DemoReport, today: date) -> None:
        self.stdout.write(_("Demo data for %(day)s:") % {"day": today.isoformat()})
        for model, tally in report.tallies:
            line = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
                "created": tally.created,
                "updated": tally.updated,
                "unchanged": tally.unchanged,
            }
            self.stdout.write(f"  {capfirst(model._meta.verbose_name_plural)}: {line}")
        if not report.changed:
            self.stdout.write(_("Nothing to change: the demo data was already in place."))


def _parse_day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(_("--today must be a date like 2026-03-29, not %r.") % raw) from None
