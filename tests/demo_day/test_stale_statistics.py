"""Pages stay quick when PostgreSQL's statistics say the tables are empty.

Autovacuum records a table of dead rows as empty (reltuples 0) and keeps that
until the next analyze, while committed rows may already fill it (a fresh import,
a restored backup). A query whose good plan depends on row estimates then runs
nested loops over every row: the fleet page's unit list ran for over 20 seconds
on the demo's 300 locks and hung CI. The pages ask for a lock's unit with a
semi-join instead, which is quick whatever the estimates.
"""

import pytest
from django.db import connection

from tests.demo_day.browser import Browser
from tests.demo_day.municipality import load_demo

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner statistics"
)

TABLES = ("accounts_unit", "clients_client", "locks_lock", "cases_faultcase")


@pytest.fixture
def statistics_say_empty(db: None) -> None:
    load_demo()
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        (superuser,) = cursor.fetchone()
        assert superuser, "the test sets planner statistics, which needs a superuser"
        # As autovacuum leaves a table it found full of dead rows; rolled back with the test.
        cursor.execute(
            "UPDATE pg_class SET reltuples = 0, relpages = 140 WHERE oid = ANY(%s::regclass[])",
            [list(TABLES)],
        )
        cursor.execute(
            "UPDATE pg_class SET reltuples = 0"
            " WHERE oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = ANY(%s::regclass[]))",
            [list(TABLES)],
        )
        cursor.execute("SET LOCAL statement_timeout = '5s'")


def test_the_fleet_and_the_lock_list_answer(statistics_say_empty: None) -> None:
    Browser("ulla", login_page=False).get("/locks/fleet/")
    Browser("kim", login_page=False).get("/locks/", unit="")
