import logging
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from vredvakt.jobs.loop import DEFAULT_IDLE_SECONDS, DEFAULT_LEASE, Worker, WorkerIdTaken
from vredvakt.lib.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = "Run due work: scheduled jobs, notification delivery, escalations (Ctrl-C stops)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--id",
            dest="worker_id",
            default=None,
            help="Stable worker id (default: $WORKER_ID, else host:worker). A restart "
            "under the same id takes back at once the rows its previous run had claimed; "
            "two workers on one host need different ids.",
        )
        parser.add_argument(
            "--lease",
            type=float,
            default=DEFAULT_LEASE.total_seconds(),
            help="Seconds a claim lasts unless renewed (the worker renews its claims "
            "while it works): how soon a dead worker's rows go to another worker.",
        )
        parser.add_argument(
            "--idle",
            type=float,
            default=DEFAULT_IDLE_SECONDS,
            help="Seconds to sleep when there is nothing to do.",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="Deliveries sent at once (default 4 on PostgreSQL, 1 on SQLite, "
            "which has one writer at a time).",
        )
        parser.add_argument(
            "--ticks", type=int, default=None, help="Stop after this many loops (for tests)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("vredvakt").setLevel(logging.INFO)
        worker = Worker(
            options["worker_id"],
            lease=timedelta(seconds=options["lease"]),
            idle_seconds=options["idle"],
            threads=options["threads"] or (1 if connection.vendor == "sqlite" else 4),
        )
        worker.install_signal_handlers()
        self.stdout.write(f"worker {worker.worker_id} started")
        try:
            worker.run(max_ticks=options["ticks"])
        except WorkerIdTaken as taken:
            message = _(
                "Worker id %(id)s is in use by process %(pid)d on this host; give each "
                "worker its own --id or WORKER_ID."
            ) % {"id": taken.worker_id, "pid": taken.pid}
            raise CommandError(message) from taken
        self.stdout.write(f"worker {worker.worker_id} stopped")
