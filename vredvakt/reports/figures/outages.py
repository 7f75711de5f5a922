"""Major outages (R11–R15) of the period: how long they lasted and how many clients they hit."""

from datetime import datetime

from django.db.models import Count, Q
from django.utils import dateformat
from django.utils.translation import gettext as _

from vredvakt.lib.humane import local
from vredvakt.outages.models import MajorOutage
from vredvakt.reports.figures.base import Row, Units
from vredvakt.reports.intervals import Interval
from vredvakt.reports.percentiles import hours


def major_outages(units: Units, start: datetime, end: datetime, now: datetime) -> list[Row]:
    """(started, over, hours, suspected cause, clients affected), in order of start.

    An outage counts when it overlapped the period and held a fault case of one
    of the units; clients affected are the units' clients with a case in it.
    Hours run to its end, or to `now` while it goes on.
    """
    outages = (
        MajorOutage.objects.filter(opened_at__lt=end, opened_at__lte=now)
        .filter(Q(restored_at__isnull=True) | Q(restored_at__gte=start))
        .annotate(clients=Count("cases__client", filter=Q(cases__unit_id__in=units), distinct=True))
        .filter(clients__gt=0)
        .order_by("opened_at", "pk")
    )
    return [_row(outage, now) for outage in outages]


def _row(outage: MajorOutage, now: datetime) -> Row:
    over = outage.restored_at
    lasted = Interval(outage.opened_at, over or now)
    return (
        _when(outage.opened_at),
        _when(over) if over else _("Ongoing"),
        hours(lasted.end - lasted.start),
        outage.get_cause_display(),
        outage.clients,  # type: ignore[attr-defined]
    )


def _when(moment: datetime) -> str:
    return dateformat.format(local(moment), "Y-m-d H:i")
