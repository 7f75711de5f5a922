from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vredvakt.lib.commands import CHECKS_WITHOUT_URLS
from vredvakt.notifications.contacts import contact_problems


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = (
        "Warn about groups and escalation managers that have no working contact method. "
        "Exits non-zero when there is anything to fix."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = contact_problems()
        for problem in problems:
            self.stdout.write(f"- {problem}")
        if problems:
            raise CommandError(f"{len(problems)} contact problem(s) to fix")
        self.stdout.write("Every group and escalation manager can be reached.")
