"""`vredvakt integration …`: the lock vendors' integrations and their secrets."""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError
from django.utils import timezone

from vredvakt.lib.commands import CHECKS_WITHOUT_URLS
from vredvakt.locks.integrations import (
    integration_create,
    integration_finish_rotation,
    integration_revoke,
    integration_rotate_secret,
    masked,
)
from vredvakt.locks.models import Integration


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "Manage the lock vendors' integrations (docs/integration.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        create: ArgumentParser = commands.add_parser(
            "create", help="Create an integration and print its secret (shown only this once)."
        )
        create.add_argument("name", help="What the vendor sends in X-Vredvakt-Integration.")
        create.add_argument("--vendor", required=True, help="Lock.vendor of its locks.")
        rotate: ArgumentParser = commands.add_parser(
            "rotate", help="Print a new secret; the old one works until finish-rotation."
        )
        rotate.add_argument("name")
        finish: ArgumentParser = commands.add_parser(
            "finish-rotation", help="Stop accepting the previous secret."
        )
        finish.add_argument("name")
        revoke: ArgumentParser = commands.add_parser(
            "revoke", help="Stop accepting the integration's secrets, for good."
        )
        revoke.add_argument("name")
        commands.add_parser("list", help="List integrations (secrets masked).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        command = options["subcommand"]
        if command == "list":
            for i in Integration.objects.all():
                self.stdout.write(
                    "\t".join([i.name, i.vendor, _state(i), masked(i.secret), _used(i)])
                )
        elif command == "create":
            try:
                created = integration_create(
                    name=options["name"], vendor=options["vendor"], now=now
                )
            except IntegrityError:
                raise CommandError(f"integration {options['name']!r} already exists") from None
            except ValidationError:
                raise CommandError("the name may hold only letters, digits, - and _") from None
            self.stdout.write(created.secret)
        elif command == "rotate":
            secret = integration_rotate_secret(integration=self._get(options["name"]), now=now)
            self.stdout.write(secret)
        elif command == "finish-rotation":
            integration_finish_rotation(integration=self._get(options["name"]), now=now)
        elif command == "revoke":
            try:
                integration_revoke(integration=self._get(options["name"]), now=now)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(f"Revoked {options['name']!r}: its secrets no longer work.")

    def _get(self, name: str) -> Integration:
        try:
            return Integration.objects.get(name=name)
        except Integration.DoesNotExist:
            raise CommandError(f"no integration named {name!r}") from None


def _state(integration: Integration) -> str:
    if integration.revoked_at:
        return f"revoked {timezone.localtime(integration.revoked_at):%Y-%m-%d %H:%M}"
    return "active" if integration.active else "inactive"


def _used(integration: Integration) -> str:
    at = integration.last_used_at
    return f"used {timezone.localtime(at):%Y-%m-%d %H:%M}" if at else "used never"
