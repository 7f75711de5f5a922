"""`vredvakt api-token create|revoke|list`: bearer tokens for the API.

The token is printed once, at creation; only its SHA-256 is stored.
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from vredvakt.accounts import services
from vredvakt.accounts.models import ApiToken

VIA = "cli"


class Command(BaseCommand):
    help = "Create, revoke and list API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        create = commands.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What the token is for.")
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
                self.create(user, options["name"])
            else:
                services.api_token_revoke(
                    actor=None, user=user, name=options["name"], via=VIA, now=timezone.now()
                )
                self.stdout.write(f"Revoked {user.username}'s token {options['name']!r}.")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def create(self, user: User, name: str) -> None:
        max_length = ApiToken._meta.get_field("name").max_length or 80
        if not name.strip() or len(name.strip()) > max_length:
            raise CommandError(f"--name must be 1 to {max_length} characters")
        _, token = services.api_token_create(
            actor=None, user=user, name=name.strip(), via=VIA, now=timezone.now()
        )
        self.stderr.write(f"Token {name!r} for {user.username}; it is shown only this once:")
        self.stdout.write(token)

    def list_tokens(self) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "name", "pk")
        for token in tokens:
            state = f"revoked {_local(token.revoked_at)}" if token.revoked_at else "active"
            used = _local(token.last_used_at) if token.last_used_at else "never"
            created = _local(token.created_at)
            line = f"{token.user.username}\t{token.name}\t{state}\tcreated {created}\tused {used}"
            self.stdout.write(line)


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user named {username!r}")
    return user
