"""A throwaway database for one benchmark run, and Django set up on it."""

import contextlib
import logging
import os
import shutil
import subprocess
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


PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


class DurableCluster:
    """A throwaway PostgreSQL cluster of the bench's own: fsync and synchronous_commit on.

    initdb in a temporary folder, a free loopback port; as root it runs as the
    `postgres` user (PostgreSQL refuses root). `stop()` removes everything.
    """

    def __init__(self, port: int, options: str = "") -> None:
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="vredvakt-bench-pg-"))
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "vredvakt")
        settings = (
            f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=on "
            "-c synchronous_commit=on -c max_connections=100 -c shared_buffers=128MB "
            f"{options}"
        )
        data, log = str(self.dir / "data"), str(self.dir / "log")
        self._run("pg_ctl", "-D", data, "-l", log, "-w", "-o", settings, "start")
        self.url = f"postgres://vredvakt@127.0.0.1:{port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [str(PG_BIN / program), *args]
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-w", "-m", "fast", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
