"""Words for an outage's record, and the home page's outage panel (R11, R15, R17)."""

from typing import Any

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vredvakt.outages.access import can_report_deviation, can_see_outages
from vredvakt.outages.banner import open_banners
from vredvakt.outages.figures import outage_figures
from vredvakt.outages.models import BatteryTask, MajorOutage, OutageStatus
from vredvakt.outages.services import EntryKind

register = template.Library()

ENTRY_LABELS: dict[str, Promise] = {
    EntryKind.OPENED: _("Detected from lock telemetry"),
    EntryKind.DECLARED: _("Declared by hand"),
    EntryKind.WIDENED: _("More locks joined the outage"),
    EntryKind.ANNOUNCED: _("The alarm group and its unit manager were told"),
    EntryKind.MANAGERS_NOTIFIED: _("Every unit manager and the operations manager were told"),
    EntryKind.UPDATE: _("Update sent"),
    EntryKind.REMINDED: _("Reminder: no update sent for a while"),
    EntryKind.MOSTLY_BACK: _("Most locks work again"),
    EntryKind.RESTORED: _("Over: the locks work again"),
    EntryKind.CASES_LEFT_OPEN: _("Cases left open: another cause holds"),
    EntryKind.DEVIATION_REPORTED: _("Deviation reported"),
}


@register.filter
def entry_label(kind: str) -> str:
    return str(ENTRY_LABELS.get(kind, kind))


@register.inclusion_tag("outages/panels/outages.html", takes_context=True)
def outage_panel(context: template.Context) -> dict[str, Any]:
    """For the home page's fleet panel: the ongoing outage, deviations due (R15), batteries."""
    user = context["request"].user
    if not can_see_outages(user):
        return {"show": False}
    current = MajorOutage.objects.filter(status=OutageStatus.OPEN).first()
    deviations = []
    if can_report_deviation(user):
        deviations = list(
            MajorOutage.objects.filter(
                status=OutageStatus.RESTORED, deviation_reported_at__isnull=True
            ).order_by("restored_at")[:10]
        )
    return {
        "show": True,
        "outage": current,
        "figures": outage_figures(current) if current is not None else None,
        "deviations": deviations,
        "batteries": BatteryTask.objects.filter(closed_at__isnull=True).count(),
    }


@register.inclusion_tag("outages/panels/banners.html", takes_context=True)
def outage_banners(context: template.Context) -> dict[str, Any]:
    """For the home page of those at an affected unit: their part of each open outage (#13)."""
    user = context["request"].user
    return {"banners": [] if can_see_outages(user) else open_banners(user)}
