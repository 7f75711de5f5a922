"""`vredvakt client-export CLIENT_ID`: everything about one client as JSON (GDPR art. 15)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from vredvakt.clients.models import Client
from vredvakt.lib.commands import CHECKS_WITHOUT_URLS
from vredvakt.retention.client_export import client_export


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "Print one client's data as JSON (a data subject access request); audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        client = Client.objects.filter(pk=options["client_id"]).first()
        if client is None:
            raise CommandError(f"no client with id {options['client_id']}")
        data = client_export(client=client, actor=None, via="cli", now=timezone.now())
        self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
