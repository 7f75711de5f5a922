"""What the case pages show: the key to fetch, the checklist, the timeline, status texts."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model, OuterRef, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from vredvakt.accounts.access import AnyUser
from vredvakt.accounts.models import Role
from vredvakt.cases.access import (
    can_coordinate,
    can_message_night_patrol,
    can_report_deviation,
    is_alarm_group,
    may_correct,
    may_note,
    may_tick,
)
from vredvakt.cases.models import CaseStatus, CaseStep, FaultCase, TimelineEntry
from vredvakt.cases.pages.display import Status, countdown
from vredvakt.cases.services.timeline import EntryKind
from vredvakt.cases.steps import StepCode, label, waits_for_decision
from vredvakt.lib.humane import human_time
from vredvakt.lib.names import person_name
from vredvakt.routine.shifts import KeyKind
from vredvakt.routine_versions.in_force import key_kind_at


def person(user: AbstractBaseUser | None) -> str:
    if user is None:
        return _("Vredvakt (automatically)")
    return person_name(user)


def first_entry_at(kind: str) -> Subquery:
    """For annotating cases: when their first timeline entry of `kind` was made."""
    entries = TimelineEntry.objects.filter(case=OuterRef("pk"), kind=kind).order_by("at")
    return Subquery(entries.values("at")[:1])


def case_key(case: FaultCase, now: datetime) -> Model | None:
    """R1 by day the unit key, R2 by night the night/alarm key: the one the shift of `now` uses."""
    # Through the relation the keys app declares on Client (keys sits above cases).
    return case.client.keys.for_case(case, now=now).first()


def missing_key_text(kind: str) -> str:
    if kind == KeyKind.NIGHT_KEY:
        return _("No night/alarm key registered — call the coordinator")
    return _("No unit key registered — call the coordinator")


def key_context(case: FaultCase, now: datetime) -> dict[str, object]:
    """The key panel (`cases/_key.html`) for whoever asks at `now`, not for the shift the
    case opened in (R1, R2; #12)."""
    kind = key_kind_at(now)
    return {"key_kind": kind, "key": case_key(case, now), "missing_key": missing_key_text(kind)}


def expired_on(case: FaultCase) -> date | None:
    """R4: the day the client's newest decision ended, as checked when the case opened."""
    entry = case.timeline.filter(kind=EntryKind.DECISION_CHECKED).first()
    raw = entry.data.get("expired_on") if entry is not None else None
    return date.fromisoformat(raw) if raw else None


def case_status(case: FaultCase) -> Status:
    level = {CaseStatus.OPEN: "bad", CaseStatus.RESTORED: "ok", CaseStatus.CLOSED: "neutral"}
    return Status(str(case.get_status_display()), level[CaseStatus(case.status)])


def decision_flags(case: FaultCase, steps: list[CaseStep]) -> list[Status]:
    """R4: an expired decision means "access revoked", not a technical fault."""
    flags = []
    if case.access_revoked:
        contacted = any(s.code == StepCode.CONTACT_NEEDS_ASSESSOR and s.is_done for s in steps)
        if contacted:
            flags.append(Status(_("Decision expired: the needs assessor is contacted"), "warn"))
        else:
            flags.append(Status(_("Care decision expired → contact the needs assessor"), "bad"))
    elif case.decision_expires_on is not None:
        day = case.decision_expires_on.isoformat()
        flags.append(Status(_("The care decision expires %(date)s") % {"date": day}, "warn"))
    return flags


def alarm_status(
    case: FaultCase, steps: list[CaseStep], fixed_at: datetime | None, now: datetime
) -> Status:
    """R8: where the alarm group is with the case."""
    if fixed_at is not None:
        return Status(_("Alarm group: fixed %(when)s") % {"when": human_time(fixed_at, now)}, "ok")
    if case.alarm_acknowledged_at is not None:
        when = human_time(case.alarm_acknowledged_at, now)
        return Status(_("Alarm group: acknowledged %(when)s") % {"when": when}, "ok")
    informed = next((s for s in steps if s.code == StepCode.INFORM_ALARM_GROUP), None)
    if informed is not None and informed.done_at is not None:
        when = human_time(informed.done_at, now)
        return Status(_("Alarm group: informed %(when)s") % {"when": when}, "warn")
    if case.access_revoked:  # R4 (#13): no technical fault to hand over yet
        return Status(_("Alarm group: waits for the care decision"), "neutral")
    return Status(_("Alarm group: not informed"), "bad")


def step_status(case: FaultCase, step: CaseStep, now: datetime) -> Status:
    if step.done_at is not None:
        return Status(pgettext("step status", "Done"), "ok")
    if step.code == StepCode.REPORT_DEVIATION:
        if case.status == CaseStatus.CLOSED:
            return Status(_("To do now"), "warn")
        return Status(_("When the case is closed"), "neutral")
    if case.status != CaseStatus.OPEN:
        return Status(_("Not needed any more"), "neutral")
    if waits_for_decision(step.code, access_revoked=case.access_revoked):
        return Status(_("Waits: the care decision has expired"), "neutral")  # R4 (#13)
    if step.due_at is None:
        return Status(_("Waiting"), "neutral")
    return countdown(step.due_at, now, at_once=step.due_at <= case.opened_at)


@dataclass
class StepRow:
    step: CaseStep
    label: str
    role: str
    due: str
    status: Status
    done: str
    actions: list[str] = field(default_factory=list)


def checklist(
    case: FaultCase, steps: list[CaseStep], user: AnyUser, now: datetime
) -> list[StepRow]:
    rows = []
    for step in steps:
        done = ""
        if step.done_at is not None:
            done = _("%(who)s, %(when)s") % {
                "who": person(step.done_by),
                "when": human_time(step.done_at, now),
            }
        rows.append(
            StepRow(
                step=step,
                label=label(step.code),
                role=str(Role(step.role).label) if step.role in Role.values else step.role,
                due=human_time(step.due_at, now) if step.due_at else "—",
                status=step_status(case, step, now),
                done=done,
                actions=step_actions(case, step, user),
            )
        )
    return rows


def step_actions(case: FaultCase, step: CaseStep, user: AnyUser) -> list[str]:
    """The buttons beside a step, for the people allowed to press them."""
    if step.is_done:
        return []
    if case.status != CaseStatus.OPEN:
        wants_deviation = step.code == StepCode.REPORT_DEVIATION
        if wants_deviation and case.status == CaseStatus.CLOSED:
            return ["deviation"] if can_report_deviation(user, case) else []
        return []
    return _open_step_actions(case, step, user)


def _open_step_actions(case: FaultCase, step: CaseStep, user: AnyUser) -> list[str]:
    code = step.code
    if code == StepCode.INFORM_ALARM_GROUP:
        return ["inform"] if can_coordinate(user, case) else []
    if code == StepCode.ALARM_GROUP_ACT:
        actions = []
        if is_alarm_group(user):
            if case.alarm_acknowledged_at is None:
                actions.append("acknowledge")
            if case.restore_proposed_at is None:
                actions.append("fixed")
        if may_note(user, case):
            actions.append("note")
        return actions
    if code == StepCode.MESSAGE_NIGHT_PATROL:
        return ["night_patrol"] if can_message_night_patrol(user, case) else []
    if code == StepCode.RECORD_RESTORED:
        return ["restore"] if can_coordinate(user, case) else []
    if code == StepCode.REPORT_DEVIATION:
        return []
    return ["tick"] if may_tick(user, case, step) else []


@dataclass
class EntryRow:
    entry: TimelineEntry
    what: str
    who: str
    when: str
    detail: str
    may_correct: bool
    corrections: list["EntryRow"] = field(default_factory=list)


def timeline(case: FaultCase, user: AnyUser, now: datetime) -> list[EntryRow]:
    """The record, oldest first; each correction sits beneath the entry it corrects (R6)."""
    entries = list(case.timeline.select_related("actor"))
    rows = {e.pk: _entry_row(case, e, user, now) for e in entries}
    top = []
    for entry in entries:
        parent = rows.get(entry.corrects_id) if entry.corrects_id else None
        if parent is not None:
            parent.corrections.append(rows[entry.pk])
        else:
            top.append(rows[entry.pk])
    return top


def _entry_row(case: FaultCase, entry: TimelineEntry, user: AnyUser, now: datetime) -> EntryRow:
    return EntryRow(
        entry=entry,
        what=entry_label(entry),
        who=person(entry.actor),
        when=human_time(entry.at, now),
        detail=entry_detail(entry),
        may_correct=entry.kind != EntryKind.CORRECTION and may_correct(user, case, entry),
    )


ENTRY_LABELS: dict[str, Promise] = {
    EntryKind.REPORTED: gettext_lazy("Fault reported"),
    EntryKind.REPORTED_AGAIN: gettext_lazy("Reported again"),
    EntryKind.DECISION_CHECKED: gettext_lazy("Care decision checked"),
    EntryKind.ALARM_GROUP_INFORMED: gettext_lazy("Alarm group informed"),
    EntryKind.ALARM_GROUP_ACKNOWLEDGED: gettext_lazy("Alarm group took the case"),
    EntryKind.TROUBLESHOOTING: gettext_lazy("Troubleshooting"),
    EntryKind.FIXED: gettext_lazy("Alarm group: fixed"),
    EntryKind.NIGHT_PATROL_MESSAGED: gettext_lazy("Night patrol messaged"),
    EntryKind.RESTORE_PROPOSED: gettext_lazy("Telemetry: the lock seems to work again"),
    EntryKind.RESTORED: gettext_lazy("Works again"),
    EntryKind.CLOSED: gettext_lazy("Case closed"),
    EntryKind.DEVIATION_REPORTED: gettext_lazy("Deviation reported"),
    EntryKind.NOTE: gettext_lazy("Note"),
    EntryKind.CORRECTION: gettext_lazy("Correction"),
}


def timeline_labels_register(labels: Mapping[str, Promise]) -> None:
    """Apps above cases that write to a case's timeline name their entry kinds here.

    Called from their AppConfig.ready() (keys: loans, R5), so cases imports none of them.
    """
    ENTRY_LABELS.update(labels)


def entry_label(entry: TimelineEntry) -> str:
    if entry.kind == EntryKind.REPORTED and (entry.data or {}).get("source") == "telemetry":
        # R17: nobody reported it; the lock's signals did.
        return _("Fault found by the lock's own signals")
    if entry.kind == EntryKind.STEP_DONE:
        return _("Done: %(step)s") % {"step": label(entry.data.get("step", ""))}
    if entry.kind == EntryKind.DEADLINE_MISSED:
        return _("Deadline missed: %(step)s") % {"step": label(entry.data.get("step", ""))}
    return str(ENTRY_LABELS.get(entry.kind, entry.kind))


def entry_detail(entry: TimelineEntry) -> str:
    data = entry.data or {}
    if entry.kind == EntryKind.DECISION_CHECKED:
        if data.get("revoked"):
            if data.get("expired_on"):
                return _("Expired %(date)s: access revoked") % {"date": data["expired_on"]}
            return _("No valid care decision: access revoked")
        if data.get("expires_on"):
            return _("Valid, expires %(date)s") % {"date": data["expires_on"]}
        return pgettext("care decision", "Valid")
    if entry.kind == EntryKind.TROUBLESHOOTING and data.get("vendor_ticket"):
        return _("Vendor ticket: %(ticket)s") % {"ticket": data["vendor_ticket"]}
    if entry.kind == EntryKind.REPORTED and data.get("lock"):
        return _("Lock %(lock)s") % {"lock": data["lock"]}
    return ""
