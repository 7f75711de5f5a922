"""`vredvakt audit verify`: check that the audit log is the unbroken chain it was written as."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vredvakt.audit.verify import audit_verify
from vredvakt.lib.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "The audit log from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify}")
        commands.add_parser(
            "verify",
            help="Walk the hash chain; exit 1 naming the first entry that was changed, "
            "removed or inserted.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify()

    def verify(self) -> None:
        verdict = audit_verify()
        broken = verdict.broken
        if broken is None:
            self.stdout.write(f"OK, {verdict.checked} entries")
            return
        at = broken.at.isoformat() if broken.at else "?"
        raise CommandError(
            f"audit chain broken at entry id {broken.id} (seq {broken.seq}, at {at}, "
            f"action {broken.action}): {broken.why}; {verdict.checked} entries before it are intact"
        )
