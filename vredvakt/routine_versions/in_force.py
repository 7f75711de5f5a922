"""The routine version in force for a moment, and its parameters (R16)."""

from datetime import date, datetime

from vredvakt.lib.request_memo import once_per_request
from vredvakt.routine.clock import to_local
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine.shifts import KeyKind, key_for, shift_at
from vredvakt.routine_versions.models import IN_FORCE_ORDER, RoutineVersion


def _order_by_sql(fields: tuple[str, ...]) -> str:
    return ", ".join(f"{f[1:]} DESC" if f.startswith("-") else f"{f} ASC" for f in fields)


# The parameters (JSON text) of the version in force on the day bound to %s, as
# RoutineVersionQuerySet.in_force picks it: for the telemetry path, where every
# request asks and the ORM's compiling costs more than the query (locks.ingest).
IN_FORCE_PARAMETERS_SQL = (
    f"SELECT CAST(parameters AS text) FROM {RoutineVersion._meta.db_table} "
    f"WHERE valid_from <= %s ORDER BY {_order_by_sql(IN_FORCE_ORDER)} LIMIT 1"
)


def version_in_force(day: date) -> RoutineVersion | None:
    """RoutineVersion.objects.in_force, asked once per request however many parts ask."""
    return once_per_request(("routine version in force", day), lambda: _in_force(day))


def _in_force(day: date) -> RoutineVersion | None:
    return RoutineVersion.objects.in_force(day)


def routine_in_force(now: datetime) -> tuple[RoutineVersion | None, RoutineParameters]:
    version = version_in_force(to_local(now).date())
    return version, (version.params if version is not None else RoutineParameters())


def key_kind_at(now: datetime) -> KeyKind:
    """The spare key of whoever asks at `now`: R1 the unit key by day, R2 the night key by night.

    It follows the moment of asking, not the shift the case opened in: a lock
    reported at 10:00 and still broken at 23:00 sends the night staff to the
    night key (#12).
    """
    return key_for(shift_at(now, routine_in_force(now)[1]))
