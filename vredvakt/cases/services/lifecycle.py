"""Every state change of an open case after it is opened (R4, R7, R8, R11, R14).

Each function checks the rule, saves, appends to the timeline, writes the
audit record and queues notifications in one transaction. A request the
case's state forbids raises CaseError and changes nothing.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from vredvakt.accounts.models import Role
from vredvakt.audit.services import audit_record, audit_record_many
from vredvakt.cases.errors import CaseError
from vredvakt.cases.hooks import client_helped
from vredvakt.cases.models import CaseStatus, CaseStep, FaultCase, TimelineEntry
from vredvakt.cases.services import notices, reminders
from vredvakt.cases.services.deviation_owner import deviation_owner
from vredvakt.cases.services.timeline import Entry, EntryKind, timeline_append, timeline_append_many
from vredvakt.cases.steps import DONE_BY_ACTION, StepCode


def _locked(case: FaultCase) -> FaultCase:
    """Re-read the case under a row lock so concurrent actions serialise."""
    return FaultCase.objects.select_for_update().select_related("client", "unit").get(pk=case.pk)


def _require_open(case: FaultCase) -> None:
    if case.status != CaseStatus.OPEN:
        raise CaseError(_("The case is no longer open."))


def finish_step(
    case: FaultCase, code: str, by: AbstractBaseUser | None, now: datetime, *, strict: bool
) -> CaseStep | None:
    step = CaseStep.objects.select_for_update().filter(case=case, code=code).first()
    if step is None:
        if strict:
            raise CaseError(_("The case has no such step."), status=404)
        return None
    if step.done_at is not None:
        if strict:
            raise CaseError(_("That step is already done."))
        return None
    step.done_at, step.done_by_id = now, by.pk if by is not None else None
    step.save(update_fields=["done_at", "done_by"])
    reminders.cancel_for(step, now=now)
    return step


def step_complete(
    *, case: FaultCase, code: str, by: AbstractBaseUser, now: datetime, via: str = "web"
) -> CaseStep:
    """Tick off a step that has no action of its own (R4: contact the needs assessor, …)."""
    if code in DONE_BY_ACTION:
        raise CaseError(_("That step is completed by its own action."), status=400)
    with transaction.atomic():
        case = _locked(case)
        _require_open(case)
        step = finish_step(case, code, by, now, strict=True)
        assert step is not None
        timeline_append(case=case, kind=EntryKind.STEP_DONE, at=now, actor=by, data={"step": code})
        audit_record(
            actor=by, action="case.step_done", obj=case, via=via, now=now, detail={"step": code}
        )
    return step


def case_inform_alarm_group(
    *, case: FaultCase, by: AbstractBaseUser, now: datetime, via: str = "web"
) -> FaultCase:
    """R8: the coordinator hands the case to the alarm group."""
    with transaction.atomic():
        case = _locked(case)
        _require_open(case)
        finish_step(case, StepCode.INFORM_ALARM_GROUP, by, now, strict=True)
        timeline_append(case=case, kind=EntryKind.ALARM_GROUP_INFORMED, at=now, actor=by)
        notices.alarm_group_informed(case, now=now)
        audit_record(actor=by, action="case.inform_alarm_group", obj=case, via=via, now=now)
    return case


def case_acknowledge(
    *, case: FaultCase, by: AbstractBaseUser, now: datetime, via: str = "web"
) -> FaultCase:
    """R8: the alarm group takes the case."""
    with transaction.atomic():
        case = _locked(case)
        _require_open(case)
        if case.alarm_acknowledged_at is not None:
            raise CaseError(_("The alarm group has already taken this case."))
        case.alarm_acknowledged_at, case.alarm_acknowledged_by_id = now, by.pk
        case.save(update_fields=["alarm_acknowledged_at", "alarm_acknowledged_by"])
        # Taking the case is the alarm group's step; it also means they were told.
        finish_step(case, StepCode.INFORM_ALARM_GROUP, by, now, strict=False)
        finish_step(case, StepCode.ALARM_GROUP_ACT, by, now, strict=False)
        timeline_append(case=case, kind=EntryKind.ALARM_GROUP_ACKNOWLEDGED, at=now, actor=by)
        audit_record(actor=by, action="case.acknowledge", obj=case, via=via, now=now)
    return case


def case_add_note(
    *,
    case: FaultCase,
    by: AbstractBaseUser,
    text: str,
    now: datetime,
    vendor_ticket: str = "",
    troubleshooting: bool = False,
    via: str = "web",
) -> TimelineEntry:
    """A note on the case, e.g. the alarm group's troubleshooting (battery, re-sync, ticket)."""
    text = text.strip()
    if not text and not vendor_ticket:
        raise CaseError(_("Write a note."), status=400)
    with transaction.atomic():
        case = _locked(case)
        if vendor_ticket:
            case.vendor_ticket = vendor_ticket.strip()[:60]
            case.save(update_fields=["vendor_ticket"])
        kind = EntryKind.TROUBLESHOOTING if troubleshooting else EntryKind.NOTE
        entry = timeline_append(
            case=case,
            kind=kind,
            at=now,
            actor=by,
            text=text,
            data={"vendor_ticket": case.vendor_ticket} if vendor_ticket else {},
        )
        audit_record(actor=by, action="case.note", obj=case, via=via, now=now)
    return entry


def case_mark_fixed(
    *, case: FaultCase, by: AbstractBaseUser, now: datetime, note: str = "", via: str = "web"
) -> FaultCase:
    """R8: the alarm group reports the fault fixed; the coordinator confirms it works (R7)."""
    with transaction.atomic():
        case = _locked(case)
        _require_open(case)
        if case.timeline.filter(kind=EntryKind.FIXED).exists():
            raise CaseError(_("The alarm group has already marked this case as fixed."))
        finish_step(case, StepCode.ALARM_GROUP_ACT, by, now, strict=False)
        case.restore_proposed_at = now
        case.save(update_fields=["restore_proposed_at"])
        timeline_append(case=case, kind=EntryKind.FIXED, at=now, actor=by, text=note.strip())
        audit_record(actor=by, action="case.fixed", obj=case, via=via, now=now)
    return case


def cases_propose_restore(*, reasons: Mapping[int, str], now: datetime) -> list[int]:
    """R7, R17: telemetry sees these cases' locks back ({case: why}); a person still confirms.

    Only open cases without a proposal get one (once per case); returns those.
    """
    with transaction.atomic():
        proposing = FaultCase.objects.select_for_update().filter(
            pk__in=list(reasons), status=CaseStatus.OPEN, restore_proposed_at__isnull=True
        )
        ids = list(proposing.order_by("pk").values_list("pk", flat=True))
        FaultCase.objects.filter(pk__in=ids).update(restore_proposed_at=now)
        timeline_append_many(
            entries=(Entry(pk, EntryKind.RESTORE_PROPOSED, reasons[pk]) for pk in ids), at=now
        )
    return ids


def case_restore(
    *, case: FaultCase, by: AbstractBaseUser, now: datetime, note: str = "", via: str = "web"
) -> FaultCase:
    """R7: the coordinator records when the lock works again; the technical part is over."""
    with transaction.atomic():
        case = _locked(case)
        _require_open(case)
        _restore([case.pk], by=by, now=now, note=note.strip(), via=via, detail=None)
        case.status, case.restored_at, case.restored_by_id = CaseStatus.RESTORED, now, by.pk
    return case


def cases_restore_many(
    *,
    cases: Sequence[int],
    by: AbstractBaseUser,
    now: datetime,
    note: str,
    via: str,
    detail: dict[str, Any] | None = None,
) -> list[int]:
    """R7 for many cases at once (a major outage's end): those still open, as `case_restore`."""
    with transaction.atomic():
        still_open = FaultCase.objects.select_for_update().filter(
            pk__in=cases, status=CaseStatus.OPEN
        )
        ids = list(still_open.order_by("pk").values_list("pk", flat=True))
        if ids:
            _restore(ids, by=by, now=now, note=note, via=via, detail=detail)
    return ids


def _restore(
    ids: list[int],
    *,
    by: AbstractBaseUser,
    now: datetime,
    note: str,
    via: str,
    detail: dict[str, Any] | None,
) -> None:
    """The open cases `ids`, locked by the caller, work again, confirmed by `by` (R7)."""
    FaultCase.objects.filter(pk__in=ids).update(
        status=CaseStatus.RESTORED, restored_at=now, restored_by_id=by.pk
    )
    CaseStep.objects.filter(
        case_id__in=ids, code=StepCode.RECORD_RESTORED, done_at__isnull=True
    ).update(done_at=now, done_by_id=by.pk)
    # Nothing is left to remind anyone of once the lock works.
    reminders.cancel_for_cases(ids, now=now)
    timeline_append_many(
        entries=(Entry(pk, EntryKind.RESTORED, note, actor_id=by.pk) for pk in ids), at=now
    )
    audit_record_many(
        actor=by,
        action="case.restore",
        model=FaultCase,
        targets=((pk, detail) for pk in ids),
        via=via,
        now=now,
    )
    # R14: the client is helped; the deviation report is asked for now (cases/hooks.py).
    client_helped(ids, now=now)


def cases_join_outage(
    *, cases: Sequence[int], outage_id: int, note: str, now: datetime
) -> list[int]:
    """R11: open cases join a major outage; the messages they sent stay sent.

    The entry's "attached" tells the outage's end that these cases had their
    messages and reminders already (vredvakt.outages.release).
    """
    with transaction.atomic():
        joining = FaultCase.objects.select_for_update().filter(
            pk__in=cases, status=CaseStatus.OPEN, major_outage__isnull=True
        )
        ids = list(joining.order_by("pk").values_list("pk", flat=True))
        FaultCase.objects.filter(pk__in=ids).update(major_outage_id=outage_id)
        data = {"major_outage": outage_id, "attached": True}
        timeline_append_many(entries=(Entry(pk, EntryKind.NOTE, note, data) for pk in ids), at=now)
    return ids


def case_close(
    *, case: FaultCase, by: AbstractBaseUser, now: datetime, via: str = "web"
) -> FaultCase:
    """Close a case that works again; R14 then asks its owner for a deviation report."""
    with transaction.atomic():
        case = _locked(case)
        if case.status == CaseStatus.CLOSED:
            raise CaseError(_("The case is already closed."))
        if case.status != CaseStatus.RESTORED:
            raise CaseError(_("Record that it works again before closing the case."))
        if case.key_loans.filter(returned_at__isnull=True).exists():  # R5: every key back
            raise CaseError(_("A key of this case is still out: return it first."))
        case.status, case.closed_at, case.closed_by_id = CaseStatus.CLOSED, now, by.pk
        case.save(update_fields=["status", "closed_at", "closed_by"])
        _deviation_due(case, now)
        timeline_append(case=case, kind=EntryKind.CLOSED, at=now, actor=by)
        if not _deviation_done(case):  # R14: a report already filed needs no reminder
            notices.deviation_requested(case, now=now)
        audit_record(actor=by, action="case.close", obj=case, via=via, now=now)
    return case


def _deviation_done(case: FaultCase) -> bool:
    return CaseStep.objects.filter(
        case=case, code=StepCode.REPORT_DEVIATION, done_at__isnull=False
    ).exists()


def _deviation_due(case: FaultCase, now: datetime) -> None:
    """R14: the report is due now, from its owner; a telemetry case's is the coordinator's."""
    owner = deviation_owner(case)
    owned: dict[str, Any] = {"assignee_id": owner.pk} if owner else {"role": Role.COORDINATOR}
    CaseStep.objects.filter(case=case, code=StepCode.REPORT_DEVIATION, done_at__isnull=True).update(
        due_at=now, **owned
    )


def deviation_reported(
    *, case: FaultCase, by: AbstractBaseUser, reference: str, now: datetime, via: str = "web"
) -> CaseStep:
    """R14: the reporter has filed the deviation (the reference from the deviation system)."""
    if not reference.strip():
        raise CaseError(_("Write the deviation's reference from the deviation system."), status=400)
    with transaction.atomic():
        case = _locked(case)
        step = finish_step(case, StepCode.REPORT_DEVIATION, by, now, strict=True)
        assert step is not None
        timeline_append(
            case=case, kind=EntryKind.DEVIATION_REPORTED, at=now, actor=by, text=reference.strip()
        )
        audit_record(actor=by, action="case.deviation_reported", obj=case, via=via, now=now)
    return step


def timeline_correct(
    *, entry: TimelineEntry, by: AbstractBaseUser, text: str, now: datetime, via: str = "web"
) -> TimelineEntry:
    """R6: an entry is never changed; a correction is a new entry pointing at it."""
    if not text.strip():
        raise CaseError(_("Write the correction."), status=400)
    with transaction.atomic():
        correction = timeline_append(
            case=entry.case,
            kind=EntryKind.CORRECTION,
            at=now,
            actor=by,
            text=text.strip(),
            corrects=entry,
        )
        audit_record(
            actor=by,
            action="case.correct",
            obj=entry.case,
            via=via,
            now=now,
            detail={"corrects": entry.pk},
        )
    return correction
