"""The Django choices mirror the routine engine's enums (vredvakt.routine has no Django).

A value the routine uses must be stored and shown under the same name; a value
only the product has is listed here, so adding one on either side is a decision.
"""

from enum import Enum

import pytest
from django.db.models import TextChoices

from vredvakt.accounts.models import Role
from vredvakt.cases.models import CaseKind, CaseMode
from vredvakt.keys.models import KeyKind
from vredvakt.routine.checklist import CaseKind as RoutineCaseKind
from vredvakt.routine.checklist import Role as RoutineRole
from vredvakt.routine.deadlines import Mode
from vredvakt.routine.shifts import KeyKind as RoutineKeyKind


def members(enum: type[Enum]) -> dict[str, str]:
    return {member.name: member.value for member in enum}


@pytest.mark.parametrize(
    ("django", "routine", "only_in_django"),
    [
        (KeyKind, RoutineKeyKind, set()),
        (CaseMode, Mode, set()),
        # "Something else" opens a case whose checklist is the lock's (cases.opening.plan_for).
        (CaseKind, RoutineCaseKind, {"OTHER"}),
        # Roles no checklist step is given to; they still see and act on cases.
        (
            Role,
            RoutineRole,
            {"UNIT_MANAGER", "OPERATIONS_MANAGER", "NEEDS_ASSESSOR", "ADMINISTRATOR"},
        ),
    ],
    ids=["KeyKind", "Mode", "CaseKind", "Role"],
)
def test_the_django_choices_mirror_the_routine(django: type[TextChoices], routine, only_in_django):
    product, engine = members(django), members(routine)
    assert {name: product[name] for name in engine if name in product} == engine
    assert set(product) - set(engine) == only_in_django
