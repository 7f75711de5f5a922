"""Cursors for the few statements on the telemetry hot path that PostgreSQL should plan once.

Django's cursors bind parameters on the client, so every statement reaches
PostgreSQL as new text and is parsed and planned again. A cursor from here
binds on the server instead: psycopg prepares a statement once it has run
`prepare_threshold` times on a connection (config/settings.py) and reuses the
plan. Parameters then carry their own types, so SQL run here casts whatever
PostgreSQL cannot infer (e.g. `SELECT %s::bigint`). On SQLite it is Django's
usual cursor.
"""

from contextlib import AbstractContextManager
from typing import Any

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


class _DebugCursor(CursorDebugWrapper):
    """Logs each statement as written, with %s: psycopg keeps no text of a prepared one."""

    def debug_sql(
        self,
        sql: str | None = None,
        params: Any = None,
        use_last_executed_query: bool = False,
        many: bool = False,
    ) -> AbstractContextManager[None]:
        return super().debug_sql(sql, params, use_last_executed_query=False, many=many)


def prepared_cursor() -> CursorWrapper:
    """A Django cursor (logged like any other) that binds on the server on PostgreSQL."""
    # The connection itself, not django.db.connection: every attribute read
    # through that proxy costs a context-local lookup.
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        return db.cursor()
    db.ensure_connection()
    raw = psycopg.Cursor(db.connection)
    # As db.cursor() wraps its own: logged when queries are (tests, DEBUG).
    wrapper = _DebugCursor if db.queries_logged else CursorWrapper
    return wrapper(raw, db)
