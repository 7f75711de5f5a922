"""What each checklist step means in the product: who completes it, and how.

The routine engine (vredvakt.routine.checklist) says which steps a case gets
and when they are due; this module adds the steps that depend on data (R4)
and the labels people read.
"""

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vredvakt.routine.checklist import StepCode as RoutineStep
from vredvakt.routine.deadlines import Mode


class StepCode(StrEnum):
    NOTIFY_COORDINATOR = RoutineStep.NOTIFY_COORDINATOR.value
    CHECK_CARE_DECISION = RoutineStep.CHECK_CARE_DECISION.value
    CONTACT_NEEDS_ASSESSOR = "contact_needs_assessor"
    DECISION_EXPIRING = "decision_expiring"
    FETCH_KEY = RoutineStep.FETCH_KEY.value
    DOCUMENT_FAULT = RoutineStep.DOCUMENT_FAULT.value
    INFORM_ALARM_GROUP = RoutineStep.INFORM_ALARM_GROUP.value
    ALARM_GROUP_ACT = RoutineStep.ALARM_GROUP_ACT.value
    MESSAGE_NIGHT_PATROL = RoutineStep.MESSAGE_NIGHT_PATROL.value
    RECORD_RESTORED = RoutineStep.RECORD_RESTORED.value
    REPORT_DEVIATION = RoutineStep.REPORT_DEVIATION.value


# Steps added by data rather than by the clock: code → (code, rule, role).
EXTRA_STEPS = {
    StepCode.CONTACT_NEEDS_ASSESSOR: (StepCode.CONTACT_NEEDS_ASSESSOR, "R4", "coordinator"),
    # R4 (#13): a decision ending within the routine's warning days: renew it before the
    # lock stops opening for staff.
    StepCode.DECISION_EXPIRING: (StepCode.DECISION_EXPIRING, "R4", "coordinator"),
}

LABELS: dict[str, Promise] = {
    StepCode.NOTIFY_COORDINATOR: _("Tell the coordinator"),
    StepCode.CHECK_CARE_DECISION: _("Check the care decision"),
    StepCode.CONTACT_NEEDS_ASSESSOR: _("Contact the needs assessor: the decision has expired"),
    StepCode.DECISION_EXPIRING: _("Contact the needs assessor: the decision expires soon"),
    StepCode.FETCH_KEY: _("Fetch the spare key"),
    StepCode.DOCUMENT_FAULT: _("Document the fault"),
    StepCode.INFORM_ALARM_GROUP: _("Inform the alarm group"),
    StepCode.ALARM_GROUP_ACT: _("Alarm group takes the case"),
    StepCode.MESSAGE_NIGHT_PATROL: _("Message the night patrol"),
    StepCode.RECORD_RESTORED: _("Record that it works again"),
    StepCode.REPORT_DEVIATION: _("Report the deviation"),
}

# Steps with a deadline that people are reminded of, and whose miss is escalated.
TRACKED = frozenset(
    {
        StepCode.CONTACT_NEEDS_ASSESSOR,
        StepCode.DECISION_EXPIRING,
        StepCode.INFORM_ALARM_GROUP,
        StepCode.ALARM_GROUP_ACT,
        StepCode.MESSAGE_NIGHT_PATROL,
    }
)

# Steps completed only through their own action (restore, close, send …),
# never by a bare "done" tick.
DONE_BY_ACTION = frozenset(
    {
        StepCode.INFORM_ALARM_GROUP,
        StepCode.ALARM_GROUP_ACT,
        StepCode.MESSAGE_NIGHT_PATROL,
        StepCode.RECORD_RESTORED,
        StepCode.REPORT_DEVIATION,
    }
)


# R4 (#13): the alarm group's steps, which wait while the client's decision has
# expired: the lock refuses staff on purpose, there is no technical fault to fix.
ALARM_GROUP_STEPS = frozenset({StepCode.INFORM_ALARM_GROUP, StepCode.ALARM_GROUP_ACT})


def waits_for_decision(code: str, *, access_revoked: bool) -> bool:
    """R4: while the decision has expired, contacting the needs assessor comes first."""
    return access_revoked and code in ALARM_GROUP_STEPS


# R10, R10b (#12): the modes in which no coordinator works, so the staff on site
# tell the night patrol themselves and the report messages the alarm group.
STAFF_ON_SITE_MODES = frozenset({Mode.OUT_OF_HOURS.value, Mode.WEEKEND.value})


def steps_done_at_opening(*, mode: str, source: str) -> frozenset[str]:
    # R3, R6: the report itself tells the coordinator and documents the fault;
    # R4: the product checks the decision itself.
    done = {StepCode.NOTIFY_COORDINATOR, StepCode.DOCUMENT_FAULT, StepCode.CHECK_CARE_DECISION}
    # R10, R10b (#12) (and R17 for telemetry): the alarm group is messaged automatically.
    if mode in STAFF_ON_SITE_MODES or source == "telemetry":
        done.add(StepCode.INFORM_ALARM_GROUP)
    return frozenset(done)


def label(code: str) -> str:
    return str(LABELS.get(code, code))
