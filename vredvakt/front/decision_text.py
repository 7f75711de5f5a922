"""A care decision's status in words (R4: the lock opens only while the decision is valid)."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vredvakt.clients.decision_status import DecisionStatus, decision_status
from vredvakt.clients.models import CareDecision

# A CSS hint per status; the text always carries the meaning on its own.
LEVELS = {
    DecisionStatus.VALID: "ok",
    DecisionStatus.EXPIRING: "warn",
    DecisionStatus.NOT_YET_VALID: "warn",
    DecisionStatus.EXPIRED: "bad",
}


@dataclass(frozen=True)
class StatusText:
    level: str
    text: str


def describe_decision(decision: CareDecision, *, today: date, warning_days: int) -> StatusText:
    status = decision_status(
        valid_from=decision.valid_from,
        valid_until=decision.valid_until,
        today=today,
        warning_days=warning_days,
    )
    return StatusText(LEVELS[status], _text(status, decision, today))


def _text(status: DecisionStatus, decision: CareDecision, today: date) -> str:
    if status == DecisionStatus.EXPIRED:
        return _("Expired %(date)s") % {"date": decision.valid_until.isoformat()}
    if status == DecisionStatus.NOT_YET_VALID:
        return _("Not valid yet: starts %(date)s") % {"date": decision.valid_from.isoformat()}
    if status == DecisionStatus.EXPIRING:
        days = (decision.valid_until - today).days
        if days == 0:
            return _("Expires today")
        return ngettext("Expires in %(days)d day", "Expires in %(days)d days", days) % {
            "days": days
        }
    return _("Valid until %(date)s") % {"date": decision.valid_until.isoformat()}
