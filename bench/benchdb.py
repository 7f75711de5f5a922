"""A throwaway database for one benchmark run, and Django set up on it."""

import logging
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def use_database(name: str) -> str | None:
    """Point DATABASE_URL at a fresh database `name`; returns the admin URL that drops it.

    PostgreSQL when DATABASE_URL names a server, else a SQLite file in a temporary folder.
    """
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        return admin
    folder = tempfile.mkdtemp(prefix=f"{name}-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    return None


def drop_database(admin: str | None, name: str) -> None:
    if admin is None:
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def setup_django(*, migrate: bool) -> None:
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    logging.getLogger("vredvakt").setLevel(logging.WARNING)
    if migrate:
        call_command("migrate", verbosity=0)
