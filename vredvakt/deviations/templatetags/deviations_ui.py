"""The deviation report's link on the case page and the outage page (R14, R15)."""

from typing import Any

from django import template

from vredvakt.deviations.access import may_write, visible_to

register = template.Library()


@register.inclusion_tag("deviations/_link.html", takes_context=True)
def deviation_link(
    context: template.Context, case_id: int = 0, outage_id: int = 0
) -> dict[str, Any]:
    """The report of this case or outage, if the signed-in user may see it."""
    user = context["request"].user
    reports = visible_to(user)
    report = (
        reports.filter(case_id=case_id) if case_id else reports.filter(outage_id=outage_id)
    ).first()
    writes = report is not None and report.is_draft and may_write(user, report)
    # On the case page the panel stands where R14's prompt stood: the home page's
    # "Report the deviation" task links to #h-deviation.
    heading_id = "h-deviation" if case_id else "h-deviation-report"
    return {"report": report, "writes": writes, "heading_id": heading_id}
