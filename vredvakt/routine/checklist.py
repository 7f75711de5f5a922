"""The checklist a fault case gets from the routine (R1–R10, R14).

`plan_case` is pure: given when the case opened, what failed and the routine
version's parameters, it says who does what, under which rule, and by when.
Step codes are stable (cases, notifications and docs/routine-plan.md rely on
them); the English `action` is for the CLI and logs, the UI translates by code.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from vredvakt.routine.clock import at_local_time, to_local
from vredvakt.routine.deadlines import (
    Mode,
    alarm_group_takes_over,
    mode_at,
    night_patrol_deadline,
)
from vredvakt.routine.hours import Team, next_start, working_hours
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine.shifts import KeyKind, Shift, key_for, shift_at


class CaseKind(StrEnum):
    LOCK = "lock"  # one client's lock does not open
    APP = "app"  # the lock app (or the vendor's platform) does not work


class Role(StrEnum):
    # Same values as vredvakt.accounts.models.Role.
    CARE_WORKER = "care_worker"
    COORDINATOR = "coordinator"
    ALARM_GROUP = "alarm_group"
    NIGHT_PATROL = "night_patrol"


class StepCode(StrEnum):
    NOTIFY_COORDINATOR = "notify_coordinator"
    CHECK_CARE_DECISION = "check_care_decision"
    FETCH_KEY = "fetch_key"
    DOCUMENT_FAULT = "document_fault"
    INFORM_ALARM_GROUP = "inform_alarm_group"
    ALARM_GROUP_ACT = "alarm_group_act"
    MESSAGE_NIGHT_PATROL = "message_night_patrol"
    RECORD_RESTORED = "record_restored"
    REPORT_DEVIATION = "report_deviation"


@dataclass(frozen=True)
class Step:
    code: StepCode
    rule: str
    role: Role
    action: str
    due: datetime | None  # None: no deadline (R7, R14)


@dataclass(frozen=True)
class CasePlan:
    opened_at: datetime  # Stockholm local time
    kind: CaseKind
    mode: Mode
    shift: Shift
    key: KeyKind
    steps: tuple[Step, ...]
    # The end of the coordinators' first day at work on this case: the deadline of a
    # task that must be done that day but not at once (R4: a decision about to expire).
    coordinators_day_ends: datetime

    def step(self, code: StepCode | str) -> Step:
        for step in self.steps:
            if step.code == code:
                return step
        raise KeyError(code)


def plan_case(opened_at: datetime, kind: CaseKind | str, params: RoutineParameters) -> CasePlan:
    opened = to_local(opened_at)
    kind = CaseKind(kind)
    mode = mode_at(opened, params)
    shift = shift_at(opened, params)
    # #12: no step is due before its role is at work; care workers' own steps are at once.
    coordinators_start = next_start(Team.COORDINATORS, opened, params)
    steps = (
        *_first_steps(opened, kind, shift, coordinators_start),
        *_alarm_group_steps(opened, kind, mode, params),
        _night_patrol_step(opened, mode, params),
        *_open_ended_steps(kind),
    )
    _, ends = working_hours(Team.COORDINATORS, params)
    day_ends = at_local_time(coordinators_start.date(), ends)
    return CasePlan(opened, kind, mode, shift, key_for(shift), steps, day_ends)


def _what(kind: CaseKind) -> str:
    return "the lock" if kind is CaseKind.LOCK else "the lock app"


def _first_steps(
    opened: datetime, kind: CaseKind, shift: Shift, coordinators_start: datetime
) -> tuple[Step, ...]:
    # The report itself notifies the coordinator (R3) and is the documentation (R6).
    if shift is Shift.DAY:
        key_rule, key_text = "R1", "Fetch the client's unit key from the key cabinet at the unit"
    else:
        key_rule, key_text = "R2", "Fetch the client's night/alarm key at the service house"
    return (
        Step(
            StepCode.NOTIFY_COORDINATOR,
            "R3",
            Role.CARE_WORKER,
            f"Tell the coordinator that {_what(kind)} does not work, to re-plan visits",
            opened,
        ),
        Step(
            StepCode.CHECK_CARE_DECISION,
            "R4",
            Role.COORDINATOR,
            "Check that the care decision is valid; if expired, contact the needs assessor",
            coordinators_start,
        ),
        Step(
            StepCode.FETCH_KEY,
            key_rule,
            Role.CARE_WORKER,
            f"{key_text}; follow emergency key handling (R5)",
            opened,
        ),
        Step(
            StepCode.DOCUMENT_FAULT,
            "R6",
            Role.CARE_WORKER,
            f"Document that {_what(kind)} is out of order (the fault report)",
            opened,
        ),
    )


def _alarm_group_steps(
    opened: datetime, kind: CaseKind, mode: Mode, params: RoutineParameters
) -> tuple[Step, Step]:
    fix = f"Take the case and work to get {_what(kind)} working again"
    if mode is Mode.WEEKDAY:
        # R8: the coordinator informs the alarm group, who act at once, or at the
        # start of their working day when they are not at work (#12).
        informed = next_start(Team.COORDINATORS, opened, params)
        acts = alarm_group_takes_over(informed, params)
        return (
            Step(
                StepCode.INFORM_ALARM_GROUP,
                "R8",
                Role.COORDINATOR,
                "Inform the alarm group",
                informed,
            ),
            Step(
                StepCode.ALARM_GROUP_ACT,
                "R8",
                Role.ALARM_GROUP,
                fix if acts == opened else f"{fix}, when its working day starts",
                acts,
            ),
        )
    # R10 (weekend) and R10b (out of hours, #12): staff on site message the alarm
    # group, who take it at the start of their next working day.
    return (
        Step(
            StepCode.INFORM_ALARM_GROUP,
            "R10",
            Role.CARE_WORKER,
            "Message the alarm group (the fault report does this)",
            opened,
        ),
        Step(
            StepCode.ALARM_GROUP_ACT,
            "R10",
            Role.ALARM_GROUP,
            f"{fix}, on the next working day",
            alarm_group_takes_over(opened, params),
        ),
    )


def _night_patrol_step(opened: datetime, mode: Mode, params: RoutineParameters) -> Step:
    content = "affected client, address, which key and where"
    if mode is not Mode.WEEKDAY:
        # R10: on a day off the staff on site tell the night patrol as soon as
        # possible; R10b (#12): the same after the coordinators' day.
        return Step(
            StepCode.MESSAGE_NIGHT_PATROL,
            "R10",
            Role.CARE_WORKER,
            f"Tell the night patrol now: {content}",
            opened,
        )
    deadline = params.night_patrol_deadline.strftime("%H:%M")
    # R9, and never before the coordinators are at work (#12).
    due = max(night_patrol_deadline(opened, params), next_start(Team.COORDINATORS, opened, params))
    return Step(
        StepCode.MESSAGE_NIGHT_PATROL,
        "R9",
        Role.COORDINATOR,
        f"Message the night patrol by {deadline} (at once if later): {content}",
        due,
    )


def _open_ended_steps(kind: CaseKind) -> tuple[Step, Step]:
    return (
        Step(
            StepCode.RECORD_RESTORED,
            "R7",
            Role.COORDINATOR,
            f"Record when {_what(kind)} works again",
            None,
        ),
        Step(
            StepCode.REPORT_DEVIATION,
            "R14",
            Role.CARE_WORKER,
            "Report a deviation in the deviation system",
            None,
        ),
    )


def plan_as_json(plan: CasePlan) -> dict[str, Any]:
    """The plan as JSON-ready values; times ISO 8601 with the Stockholm offset, to the second."""
    return {
        "at": _iso(plan.opened_at),
        "kind": str(plan.kind),
        "mode": str(plan.mode),
        "shift": str(plan.shift),
        "key": str(plan.key),
        "steps": [
            {
                "code": str(step.code),
                "rule": step.rule,
                "role": str(step.role),
                "action": step.action,
                "due": _iso(step.due),
            }
            for step in plan.steps
        ],
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else to_local(moment).isoformat(timespec="seconds")
