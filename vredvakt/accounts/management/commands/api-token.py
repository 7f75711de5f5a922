"""`vredvakt api-token create|revoke|list`: bearer tokens for the API, scoped and expiring.

The token is printed once, at creation; only its SHA-256 is stored.
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from vredvakt.accounts import services
from vredvakt.accounts.models import ApiToken, TokenScope, Unit
from vredvakt.lib.commands import CHECKS_WITHOUT_URLS

VIA = "cli"


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "Create, revoke and list API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        create = commands.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What the token is for.")
        create.add_argument(
            "--scope", required=True, choices=TokenScope.values, help="read, or write as well."
        )
        create.add_argument(
            "--unit",
            action="append",
            default=[],
            dest="units",
            metavar="CODE",
            help="Limit the token to this unit of the user's (repeat for more; default: all).",
        )
        create.add_argument(
            "--days", type=int, default=None, help="Days until it expires (default from settings)."
        )
        revoke = commands.add_parser("revoke", help="Revoke a user's token by its name.")
        revoke.add_argument("name")
        revoke.add_argument("--user", required=True, dest="username")
        commands.add_parser("list", help="List tokens (never the tokens themselves).")

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "list":
            self.list_tokens()
            return
        user = _user(options["username"])
        try:
            if subcommand == "create":
                self.create(user, options)
            else:
                services.api_token_revoke_named(
                    actor=None, user=user, name=options["name"], via=VIA, now=timezone.now()
                )
                self.stdout.write(f"Revoked {user.username}'s token {options['name']!r}.")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def create(self, user: User, options: dict[str, Any]) -> None:
        name = options["name"]
        max_length = ApiToken._meta.get_field("name").max_length or 80
        if not name.strip() or len(name.strip()) > max_length:
            raise CommandError(f"--name must be 1 to {max_length} characters")
        api_token, token = services.api_token_create(
            actor=None,
            user=user,
            name=name.strip(),
            scope=options["scope"],
            units=_units(options["units"]),
            days=options["days"],
            via=VIA,
            now=timezone.now(),
        )
        expires = _local(api_token.expires_at)
        self.stderr.write(
            f"Token {name!r} for {user.username} ({api_token.scope}, expires {expires});"
            " it is shown only this once:"
        )
        self.stdout.write(token)

    def list_tokens(self) -> None:
        tokens = (
            ApiToken.objects.select_related("user", "revoked_by")
            .prefetch_related("units")
            .order_by("user__username", "name", "pk")
        )
        now = timezone.now()
        for token in tokens:
            units = ",".join(sorted(unit.code for unit in token.units.all())) or "all units"
            fields = [
                token.user.username,
                token.name,
                _state(token, now),
                token.scope,
                units,
                f"created {_local(token.created_at)}",
                f"expires {_local(token.expires_at)}",
                f"used {_local(token.last_used_at) if token.last_used_at else 'never'}",
            ]
            self.stdout.write("\t".join(fields))


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _state(token: ApiToken, now: datetime) -> str:
    if token.revoked_at:
        by = f" by {token.revoked_by.username}" if token.revoked_by else ""
        return f"revoked {_local(token.revoked_at)}{by}"
    return "expired" if token.expires_at <= now else "active"


def _units(codes: list[str]) -> list[Unit]:
    units = list(Unit.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {unit.code for unit in units})
    if missing:
        raise CommandError(f"no unit with the code {', '.join(missing)}")
    return units


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user named {username!r}")
    return user
