"""Make the test database unreachable for a while, as in an outage."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.db import connection

from tests.notifications.servers import free_port


class DatabaseSwitch:
    """Cuts the database off, from any thread, and brings it back.

    Cut off: PostgreSQL on a port nobody listens on, SQLite in a folder that does
    not exist, so every new connection fails as while the server is down. Needs a
    transactional test.
    """

    def __init__(self, tmp_path: Path) -> None:
        self.settings = connection.settings_dict  # shared by every thread's connection
        self.saved = dict(self.settings)
        self.tmp_path = tmp_path

    def cut(self) -> None:
        if self.settings["ENGINE"].endswith("sqlite3"):
            self.settings["NAME"] = str(self.tmp_path / "gone" / "vredvakt.sqlite3")
        else:
            self.settings["PORT"] = str(free_port())

    def drop_connections(self) -> None:
        """PostgreSQL: the server ends every open connection to the database, as a
        restart does (connections already open would otherwise go on working)."""
        saved = self.saved
        with psycopg.connect(
            host=saved["HOST"],
            port=saved["PORT"],
            user=saved["USER"],
            password=saved.get("PASSWORD") or None,
            dbname=saved["NAME"],
            autocommit=True,
        ) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

    def restore(self) -> None:
        connection.close()
        self.settings.update(self.saved)


@contextmanager
def database_unreachable(tmp_path: Path) -> Iterator[None]:
    switch = DatabaseSwitch(tmp_path)
    connection.close()
    switch.cut()
    try:
        yield
    finally:
        switch.restore()
