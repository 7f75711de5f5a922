"""The hand-written SQL of the ingest: typed columns, and the routine version in force (R16)."""

from datetime import UTC, date, datetime, time

import pytest

from vredvakt.locks.ingest import find_sender
from vredvakt.locks.ingest_store import EVENT_COLUMNS, pg_type, routine_parameters
from vredvakt.locks.state_sql import STATE_FIELDS
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.in_force import routine_in_force
from vredvakt.routine_versions.models import RoutineVersion


def test_every_column_the_ingest_writes_has_a_type():
    for column in (*EVENT_COLUMNS, "id", *STATE_FIELDS):
        assert pg_type(column)


def test_it_rejects_a_column_it_has_no_type_for():
    with pytest.raises(ValueError, match="'received_by'"):
        pg_type("received_by")


def version(code: str, decided_on: date, valid_from: date, deadline: time) -> None:
    RoutineVersion.objects.create(
        code=code,
        title=code,
        decided_by="Nämnden",
        decided_on=decided_on,
        valid_from=valid_from,
        valid_until=date(2029, 1, 1),
        owner="Olof",
        parameters=RoutineParameters(night_patrol_deadline=deadline).to_json(),
    )


# The day → the night-patrol deadline of the version in force then (the world's is 17:00).
IN_FORCE = {
    date(2025, 12, 31): time(17, 0),
    date(2026, 1, 1): time(16, 0),
    date(2026, 3, 10): time(17, 30),
    date(2026, 6, 2): time(18, 0),
}


def test_the_sql_and_the_orm_pick_the_same_version_in_force(phoniro):
    version("v1", date(2025, 12, 1), date(2026, 1, 1), time(16, 0))
    # Two versions from the same day: the later decision is in force.
    version("v2", date(2026, 2, 1), date(2026, 3, 1), time(16, 30))
    version("v3", date(2026, 2, 15), date(2026, 3, 1), time(17, 30))
    version("v4", date(2026, 3, 1), date(2026, 6, 1), time(18, 0))
    for day, deadline in IN_FORCE.items():
        now = datetime.combine(day, time(12), tzinfo=UTC)
        orm = routine_in_force(now)[1]
        assert orm.night_patrol_deadline == deadline, day
        assert routine_parameters(now) == orm, day
        assert find_sender(phoniro.name, day).params == orm, day
