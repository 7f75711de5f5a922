"""One migrated test database per run, copied for each pytest worker (#11).

Each pytest-xdist worker used to create its own test database and run every
migration into it: about three seconds of CPU, eight workers in scripts/test.
Now the first worker to need a database migrates a template under a file lock,
and every worker gets its own database as a copy of it: CREATE DATABASE …
TEMPLATE on PostgreSQL, SQLite's backup API on SQLite. The migrations still run
on the run's engine, once per run.

The process that started the run (xdist's controller, or pytest itself without
-n) chooses the template's folder before any worker starts, passes it on in the
environment, and removes the template when the run ends. pytest-django's
--reuse-db and --no-migrations do not apply: the suite uses neither.
"""

import fcntl
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from pytest_django.plugin import blocking_manager_key

# The template's folder, chosen by the process that started the run.
FOLDER = "VREDVAKT_TEST_TEMPLATE_DIR"
SQLITE_TEMPLATE = "template.sqlite3"
# Holds the PostgreSQL template's name, for the clean-up at the end of the run.
POSTGRESQL_TEMPLATE = "postgresql-template"


def folder_choose(config: pytest.Config) -> None:
    """Called in pytest_configure: the starting process picks the folder its workers share."""
    if not hasattr(config, "workerinput"):
        os.environ[FOLDER] = tempfile.mkdtemp(prefix="vredvakt-test-db-")


def folder_remove(config: pytest.Config) -> None:
    """Called in pytest_unconfigure: the starting process drops the template."""
    if hasattr(config, "workerinput") or FOLDER not in os.environ:
        return
    folder = Path(os.environ.pop(FOLDER))
    name_file = folder / POSTGRESQL_TEMPLATE
    if name_file.exists():
        # The workers have dropped their copies; nobody is connected to the template.
        with config.stash[blocking_manager_key].unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name_file.read_text())}")
    shutil.rmtree(folder, ignore_errors=True)


def sqlite_template() -> Path | None:
    """The migrated SQLite template of this run, once a worker has built it."""
    path = _folder() / SQLITE_TEMPLATE
    return path if path.exists() else None


def sqlite_migrated(migrate: Callable[[Path], None]) -> Path:
    """A SQLite file migrated by `migrate` once for the whole run, on a PostgreSQL run."""
    path = _folder() / "migrated.sqlite3"
    with _exclusive(_folder() / "lock"):
        if not path.exists():
            migrate(path)
    return path


def sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API, WAL or not."""
    target.unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def worker_database_create() -> list[tuple[Any, str, bool]]:
    """This worker's test database as a copy of the run's migrated template.

    Returns what django.test.utils.teardown_databases takes to drop it again.
    """
    original_name = connection.settings_dict["NAME"]
    # Django's own name for a test database (settings_test names SQLite's file).
    worker_name = connection.settings_dict["TEST"].get("NAME") or f"test_{original_name}"
    with _exclusive(_folder() / "lock"):
        template = _template_name(original_name)
        if not (_folder() / "ready").exists():
            _template_build(template)
            (_folder() / "ready").touch()
        _copy(template, worker_name)
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = worker_name
    connection.settings_dict["NAME"] = worker_name
    connection.ensure_connection()
    return [(connection, original_name, True)]


def _template_build(template: str) -> None:
    """Migrates the template as Django builds a test database, then closes it: a
    PostgreSQL database is copied only while no session is connected to it."""
    test_settings = connection.settings_dict["TEST"]
    worker_name = test_settings.get("NAME")
    test_settings["NAME"] = template
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        test_settings["NAME"] = worker_name
    if connection.vendor == "postgresql":
        (_folder() / POSTGRESQL_TEMPLATE).write_text(template)
        _autovacuum_off()
    connection.close()


def _autovacuum_off() -> None:
    """Tests insert inside a transaction and roll back. Autovacuum then finds a table
    of dead rows and records it as empty (reltuples 0), and the next test that loads
    the demo municipality is planned as if its tables were empty: nested loops over
    thousands of rows, one query in CI ran past the 90-minute limit. Production tables
    fill by committed inserts, which autoanalyze counts. The copies keep the setting."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                f"ALTER TABLE {_quote(table)} "
                "SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)"
            )


def _copy(template: str, worker_name: str) -> None:
    if connection.vendor == "sqlite":
        sqlite_copy(Path(template), Path(worker_name))
        return
    with connection._nodb_cursor() as cursor:
        # A database left by an interrupted run of the same name goes, as Django's
        # own test database creation (autoclobber) does.
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(worker_name)}")
        cursor.execute(f"CREATE DATABASE {_quote(worker_name)} TEMPLATE {_quote(template)}")


def _template_name(original_name: str) -> str:
    if connection.vendor == "sqlite":
        return str(_folder() / SQLITE_TEMPLATE)
    run = _folder().name.rsplit("-", 1)[-1].lower()
    return f"test_{original_name}_template_{run}"


def _folder() -> Path:
    return Path(os.environ[FOLDER])


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """One process at a time, across the run's workers."""
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
