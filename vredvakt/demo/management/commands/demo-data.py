"""`vredvakt demo-data [--today YYYY-MM-DD]`: load or refresh the demo municipality."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from vredvakt.demo.guard import demo_foreign_data
from vredvakt.demo.municipality import build_registry
from vredvakt.demo.services import DemoReport, demo_data_load
from vredvakt.lib.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "Load a made-up municipality to try Vredvakt with; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Place care decisions relative to this day (YYYY-MM-DD); default today.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even into a database that holds data the demo did not make.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        today = _parse_day(options["today"]) if options["today"] else timezone.localdate(now)
        registry = build_registry()
        foreign = demo_foreign_data(registry)
        if foreign and not options["force"]:
            # #14 item 8: the demo's superuser has a published password.
            raise CommandError(
                _(
                    "This database holds data the demo did not make (%(found)s). The demo "
                    "adds a superuser with a published password, so it is not loaded here. "
                    "Use an empty database, or add --force if you are sure."
                )
                % {"found": ", ".join(foreign)}
            )
        report = demo_data_load(today=today, now=now, registry=registry)
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
