"""The pages opened most on an outage day keep their cost (#16).

200 people clicking share two cores with PostgreSQL: a page that reads its rows
one case at a time, or asks the same thing twice, is what makes everyone wait.
Counted in queries, which a slower or faster machine does not change.
"""

from datetime import UTC, datetime, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases.crowd import copies
from vredvakt.cases.services.opening import case_open

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm


def opened(world):
    return case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=TUESDAY_10,
    ).case


def queries_of(client, user, path: str) -> list[str]:
    with time_machine.travel(TUESDAY_10 + timedelta(minutes=5), tick=False):
        client.force_login(user)
        client.get(path)  # the first view of a session saves when it was last active
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_desk_reads_as_much_for_thirty_cases_as_for_one(client, world):
    case = opened(world)
    one = queries_of(client, world.kim, "/cases/")
    copies(case, 29, first=TUESDAY_10, apart=timedelta(seconds=10))
    thirty = queries_of(client, world.kim, "/cases/")
    assert len(thirty) == len(one)


def test_the_case_page_asks_once_which_routine_is_in_force(client, world):
    case = opened(world)
    sql = queries_of(client, world.kim, f"/cases/{case.pk}/")
    assert sum('FROM "routine_versions_routineversion"' in q for q in sql) == 1


def test_a_care_workers_home_counts_no_clients_or_locks_it_does_not_show(client, world):
    sql = queries_of(client, world.anna, "/")
    assert not [q for q in sql if q.startswith("SELECT COUNT(*)") and "clients_client" in q]
    assert not [q for q in sql if 'FROM "routine_versions_routineversion"' in q]
