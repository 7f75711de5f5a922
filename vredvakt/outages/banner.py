"""The banner of a major outage for those at an affected unit (#13).

Coordinators and care workers whose unit has cases in an open major outage see
it on their home page and at the head of its block on the desk: how many of
their unit's locks are out of order (the same `outage_figures` as the page and
the emails, item 2) and links to the outage and to their unit's clients with
both keys (R1, R2).
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from vredvakt.accounts.access import AnyUser
from vredvakt.accounts.models import Unit
from vredvakt.cases.pages.outage_blocks import outage_banners_register, outage_block_register
from vredvakt.outages.access import can_see_outages, client_units, outages_visible_to
from vredvakt.outages.coordination import unit_choices
from vredvakt.outages.figures import Figures, outage_figures
from vredvakt.outages.models import MajorOutage, OutageSource, OutageStatus


@dataclass(frozen=True)
class Banner:
    outage: MajorOutage
    figures: Figures
    units: list[Unit]


def banner_for(user: AnyUser, outage: MajorOutage) -> Banner:
    units = client_units(user)
    return Banner(outage, outage_figures(outage, units), list(unit_choices(outage, units)))


def open_banners(user: AnyUser) -> list[Banner]:
    """The open outages the user's units take part in, with their part's figures."""
    units = client_units(user)
    if units is None or can_see_outages(user):  # they see every outage, not a part
        outages = outages_visible_to(user).filter(status=OutageStatus.OPEN).order_by("opened_at")
        return [banner_for(user, outage) for outage in outages]
    # Every start page and desk asks, on an outage day most of all (#16): one plain
    # query for the open outages, then the figures of the user's part of each, which
    # say whether it is theirs as outages_visible_to does: cases of their units in
    # it, or declared with a scope that names their units' locks (#13).
    banners: list[Banner] = []
    if not units:
        return banners
    for outage in MajorOutage.objects.filter(status=OutageStatus.OPEN).order_by("opened_at"):
        figures = outage_figures(outage, units)
        if figures.cases or (outage.source == OutageSource.DECLARED and figures.in_scope):
            banners.append(Banner(outage, figures, list(unit_choices(outage, units))))
    return banners


@outage_block_register
def desk_block_head(user: AnyUser, outage_id: int) -> SafeString:
    outage = outages_visible_to(user).filter(pk=outage_id).first()
    if outage is None:
        return SafeString("")
    context = {"banner": banner_for(user, outage), "on_desk": True}
    return SafeString(render_to_string("outages/_banner.html", context))


@outage_banners_register
def desk_banners(user: AnyUser, without: set[int]) -> SafeString:
    """As on the home page: coordinators and care workers, each open outage of theirs."""
    if can_see_outages(user):
        return SafeString("")
    shown = [banner for banner in open_banners(user) if banner.outage.pk not in without]
    return SafeString(
        "".join(
            render_to_string("outages/_banner.html", {"banner": banner, "on_desk": True})
            for banner in shown
        )
    )
