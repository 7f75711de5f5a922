"""The locks behind the faults: locks that failed again and again, and flat batteries (R17)."""

from datetime import datetime

from django.db.models import Count

from vredvakt.cases.models import CaseKind
from vredvakt.outages.models import BatteryTask
from vredvakt.reports.figures.base import Row, Units, area_label, cases_opened, lock_label

REPEATED_FAILURES = 3


def repeated_failures(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(lock, vendor and model, area, fault cases) for locks with three or more lock cases.

    A failure is a fault case about the lock itself (not the app, not an expired
    decision) opened in the period; the lock is named by its vendor's id, not its client.
    """
    rows = (
        cases_opened(units, start, end)
        .filter(kind=CaseKind.LOCK, access_revoked=False, lock__isnull=False)
        .values("lock__vendor_lock_id", "lock__vendor", "lock__model", "lock__area")
        .annotate(cases=Count("pk"))
        .filter(cases__gte=REPEATED_FAILURES)
        .order_by("-cases", "lock__vendor", "lock__vendor_lock_id")
    )
    return [
        (
            r["lock__vendor_lock_id"],
            lock_label(r["lock__vendor"], r["lock__model"]),
            area_label(r["lock__area"]),
            r["cases"],
        )
        for r in rows
    ]


def battery_faults(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(vendor and model, battery warnings, fault cases from a critical battery), per model.

    A warning is a battery task opened in the period (R17); a battery-caused
    fault is a case that a battery below the critical level opened.
    """
    tasks = BatteryTask.objects.filter(
        lock__client__unit_id__in=units, opened_at__gte=start, opened_at__lt=end
    )
    rows = (
        tasks.values("lock__vendor", "lock__model")
        .annotate(tasks=Count("pk"), faults=Count("critical_case"))
        .order_by("-faults", "-tasks", "lock__vendor", "lock__model")
    )
    return [
        (lock_label(r["lock__vendor"], r["lock__model"]), r["tasks"], r["faults"]) for r in rows
    ]
