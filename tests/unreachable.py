"""Make the test database unreachable for a while, as in an outage."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from tests.notifications.servers import free_port


@contextmanager
def database_unreachable(tmp_path: Path) -> Iterator[None]:
    """PostgreSQL on a port nobody listens on, SQLite in a folder that does not exist:
    every new connection fails, as while the server is down. Needs a transactional test."""
    settings = connection.settings_dict  # shared by every thread's connection
    saved = dict(settings)
    connection.close()
    if settings["ENGINE"].endswith("sqlite3"):
        settings["NAME"] = str(tmp_path / "gone" / "vredvakt.sqlite3")
    else:
        settings["PORT"] = str(free_port())
    try:
        yield
    finally:
        connection.close()
        settings.update(saved)
