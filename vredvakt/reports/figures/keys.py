"""Spare keys not back in time (R5): the loans due back in the period, per unit."""

from datetime import datetime

from django.db.models import Count, F, Q

from vredvakt.keys.models import KeyLoan
from vredvakt.reports.figures.base import Row, Units


def keys_overdue(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(unit, loans due back, returned late, still out past due), per unit with loans.

    A loan counts in the period its due-back moment falls in (up to `now`); the
    unit is that of the key's client.
    """
    due = KeyLoan.objects.filter(
        key__client__unit_id__in=units, due_back_at__gte=start, due_back_at__lt=min(end, now)
    )
    rows = (
        due.values("key__client__unit__name")
        .annotate(
            loans=Count("pk"),
            late=Count("pk", filter=Q(returned_at__gt=F("due_back_at"))),
            out=Count("pk", filter=Q(returned_at__isnull=True)),
        )
        .order_by("key__client__unit__name")
    )
    return [(r["key__client__unit__name"], r["loans"], r["late"], r["out"]) for r in rows]
