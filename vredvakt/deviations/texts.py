"""Words for a report's state, owner, deadlines and the Lex Sarah answer (pages and PDF)."""

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vredvakt.accounts.models import Role
from vredvakt.deviations.models import DeviationReport, ReportState, SeriousDeficiency
from vredvakt.lib.names import person_name

OUTCOMES: dict[str, Promise] = {
    "met": gettext_lazy("In time"),
    "late": gettext_lazy("Late"),
    "missed": gettext_lazy("Missed"),
    "open": gettext_lazy("Not done yet"),
    "done": gettext_lazy("Done"),
}


def outcome_label(outcome: str) -> str:
    return str(OUTCOMES.get(outcome, outcome))


def state_label(state: str) -> str:
    return str(ReportState(state).label) if state in ReportState.values else state


def serious_label(answer: str) -> str:
    if answer in SeriousDeficiency.values:
        return str(SeriousDeficiency(answer).label)
    return _("Not answered")


def owner_label(report: DeviationReport) -> str:
    if report.owner is not None:
        return person_name(report.owner)
    if report.owner_role == Role.COORDINATOR:
        return _("The unit's coordinators")
    return _("The operations manager")
