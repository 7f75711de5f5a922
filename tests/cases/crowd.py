"""A busy day: hundreds of cases like one opened through the services, without opening each."""

from datetime import datetime, timedelta
from typing import TypeVar

from django.db import models

from vredvakt.cases.models import CaseStep, FaultCase
from vredvakt.clients.models import Client

Row = TypeVar("Row", bound=models.Model)


def copies(case: FaultCase, count: int, *, first: datetime, apart: timedelta) -> list[FaultCase]:
    """`count` cases like `case`, each for a client of its own ("Klient Nr000" …).

    Copy i is opened at `first` + i × `apart`; its steps and times move with it,
    so a copy has the same deadlines, only later.
    """
    case.refresh_from_db()  # as it is now, after the actions taken on it
    clients = Client.objects.bulk_create(
        Client(
            reference=f"M-{i:03d}",
            first_name="Klient",
            last_name=f"Nr{i:03d}",
            street_address=f"Nr{i:03d}gatan 4",
            postal_code="147 30",
            city="Tumba",
            unit_id=case.unit_id,
        )
        for i in range(count)
    )
    steps = list(case.steps.all())
    made = FaultCase.objects.bulk_create(
        _moved(case, first + i * apart - case.opened_at, client_id=client.pk)
        for i, client in enumerate(clients)
    )
    CaseStep.objects.bulk_create(
        _moved(step, copy.opened_at - case.opened_at, case_id=copy.pk)
        for copy in made
        for step in steps
    )
    return made


def _moved(row: Row, by: timedelta, **changes: object) -> Row:
    """A new, unsaved row like `row`, every time in it `by` later."""
    values = {}
    for field in row._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(row, field.attname)
        if isinstance(field, models.DateTimeField) and value is not None:
            value += by
        values[field.attname] = value
    return type(row)(**(values | changes))
