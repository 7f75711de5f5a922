"""`vredvakt routine plan`: the checklist a fault case would get at a given moment.

Coordinators and trainers use its JSON output (docs/routine-plan.md); keep it stable.
"""

import json
from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from vredvakt.lib.commands import CHECKS_WITHOUT_URLS
from vredvakt.routine.checklist import CaseKind, plan_as_json, plan_case
from vredvakt.routine.clock import parse_moment, to_local
from vredvakt.routine.parameters import InvalidParameters, RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion

KINDS = ", ".join(kind.value for kind in CaseKind)


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "The routine's rules from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="{plan}")
        plan: ArgumentParser = commands.add_parser(
            "plan", help="Print, as JSON, the checklist a fault case opened at a moment gets."
        )
        plan.add_argument(
            "--at",
            help="When the case opens, ISO 8601 (2026-06-19T10:00). Without an offset it is "
            "Europe/Stockholm time. Default: now.",
        )
        # Checked in handle(), not with choices=, so a bad value is a CommandError (exit 1).
        plan.add_argument("--kind", default=CaseKind.LOCK.value, help=f"What failed: {KINDS}.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "plan":
            self.plan(at=options["at"], kind=options["kind"])

    def plan(self, *, at: str | None, kind: str) -> None:
        opened_at = _opened_at(at, timezone.now())
        if kind not in {k.value for k in CaseKind}:
            raise CommandError(f"--kind must be one of {KINDS}, not {kind!r}")
        version, params = self._routine_in_force(opened_at)
        plan = plan_as_json(plan_case(opened_at, kind, params))
        # "routine_version" sits before the steps: the documented order of the output.
        steps = plan.pop("steps")
        out = {**plan, "routine_version": version.code if version else None, "steps": steps}
        self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))

    def _routine_in_force(
        self, opened_at: datetime
    ) -> tuple[RoutineVersion | None, RoutineParameters]:
        day = to_local(opened_at).date()
        version = RoutineVersion.objects.in_force(day)
        if version is None:
            self.stderr.write(f"No routine version in force on {day}; using default parameters.")
            return None, RoutineParameters()
        if version.is_expired(day):
            # R16: an expired routine still applies, but someone must renew it.
            self.stderr.write(
                f"Warning: routine version {version.code} expired on {version.valid_until}; "
                f"its owner ({version.owner}) must renew it (R16)."
            )
        try:
            return version, version.params
        except InvalidParameters as error:
            raise CommandError(
                f"routine version {version.code} has bad parameters: {error}"
            ) from None


def _opened_at(at: str | None, now: datetime) -> datetime:
    if at is None:
        return to_local(now).replace(microsecond=0)
    try:
        return parse_moment(at)
    except ValueError as error:
        raise CommandError(f"--at: {error}") from None
