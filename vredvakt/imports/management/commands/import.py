"""`vredvakt import KIND FILE.csv [--dry-run]`: the command-line door to csv_import."""

import getpass
from argparse import ArgumentParser
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO, cast

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from vredvakt.accounts.access import is_administrator
from vredvakt.imports.base import Row
from vredvakt.imports.kinds import KINDS
from vredvakt.imports.reading import ImportFileError
from vredvakt.imports.services import ImportResult, csv_import
from vredvakt.lib.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "Import clients, care decisions, locks or keys from a CSV file (see docs/import.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and save nothing."
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="The administrator the audit log names as importing (else the system user).",
        )

    def handle(
        self,
        *args: Any,
        kind: str,
        file: Path,
        dry_run: bool,
        username: str | None = None,
        **options: Any,
    ) -> None:
        actor = _administrator(username) if username else None
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}
            ) from None
        try:
            result = csv_import(
                kind=KINDS[kind],
                data=data,
                file_name=file.name,
                actor=actor,
                via="cli",
                # Who ran it on the server, for the audit log (the actor, if any, says who asked).
                detail={"system_user": getpass.getuser()},
                dry_run=dry_run,
                now=timezone.now(),
                progress=self._progress,
            )
        except ImportFileError as error:
            raise CommandError(f"{file.name}: {error}") from None
        self._report(result, dry_run=dry_run)

    def _progress(self, rows: list[Row]) -> Iterable[Row]:
        # A bar only for a person watching; logs and pipes get the summary alone.
        stream = cast(TextIO, self.stderr._out)
        return tqdm(rows, file=stream, unit=_("rows"), disable=not stream.isatty(), leave=False)

    def _report(self, result: ImportResult, *, dry_run: bool) -> None:
        for error in result.errors:
            self.stderr.write(str(error))
        counts = {"created": result.created, "updated": result.updated}
        counts["unchanged"] = result.unchanged
        if result.errors:
            raise CommandError(
                _("%(bad)s of %(rows)s rows have errors; nothing was imported.")
                % {"bad": len(result.errors), "rows": result.rows}
            )
        if dry_run:
            message = _(
                "Checked, nothing saved: %(created)s would be created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
        else:
            message = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        self.stdout.write(f"{result.kind}: {message % counts}")


def _administrator(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None or not is_administrator(user):
        raise CommandError(
            _("%(name)s is not an active Vredvakt administrator.") % {"name": username}
        )
    return user
