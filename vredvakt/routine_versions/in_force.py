"""The routine version in force for a moment, and its parameters (R16)."""

from datetime import datetime

from vredvakt.routine.clock import to_local
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion


def routine_in_force(now: datetime) -> tuple[RoutineVersion | None, RoutineParameters]:
    version = RoutineVersion.objects.in_force(to_local(now).date())
    return version, (version.params if version is not None else RoutineParameters())
