"""Every state change of a major outage (R11, R12, R13, R15).

Each function checks the rule, saves, appends to the outage's record, writes
the audit entry and queues its messages in one transaction. A request the
outage's state forbids raises OutageError and changes nothing.
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vredvakt.audit.services import audit_record
from vredvakt.jobs.services import job_schedule
from vredvakt.lib.refusal import Refused
from vredvakt.outages import notices, reminders
from vredvakt.outages.correlation import Scope
from vredvakt.outages.hooks import outage_over
from vredvakt.outages.models import (
    MajorOutage,
    OutageCause,
    OutageEntry,
    OutageSource,
    OutageStatus,
)
from vredvakt.routine_versions.in_force import routine_in_force

MAX_TEXT = 2000
AFTER_RESTORE = "outages.after_restore"


class OutageError(Refused):
    """A request the outage's state does not allow."""


class EntryKind:
    OPENED = "opened"  # R11: detected from telemetry
    DECLARED = "declared"  # R11: declared by hand
    WIDENED = "widened"  # more areas, gateways or vendors joined
    ANNOUNCED = "announced"  # cases attached, the leader told
    MANAGERS_NOTIFIED = "managers_notified"  # R12, R13: out of order
    UPDATE = "update"  # R12
    REMINDED = "reminded"  # R12: no update within the interval
    MOSTLY_BACK = "mostly_back"
    RESTORED = "restored"  # R13
    CASES_LEFT_OPEN = "cases_left_open"  # #13: their lock works, another cause holds (R4, R5)
    DEVIATION_REPORTED = "deviation_reported"  # R15


def entry_add(
    outage: MajorOutage,
    kind: str,
    *,
    at: datetime,
    actor: AbstractBaseUser | None = None,
    text: str = "",
    data: dict[str, Any] | None = None,
) -> OutageEntry:
    return OutageEntry.objects.create(
        outage=outage,
        kind=kind,
        at=at,
        actor_id=actor.pk if actor is not None else None,
        text=text,
        data=data or {},
    )


def _scope_data(scope: Scope) -> dict[str, list[str]]:
    return {d: sorted(scope.values(d)) for d in ("area", "gateway", "vendor")}


def _widen(outage: MajorOutage, scope: Scope, now: datetime) -> None:
    outage.areas = sorted(set(outage.areas) | scope.area)
    outage.gateways = sorted(set(outage.gateways) | scope.gateway)
    outage.vendors = sorted(set(outage.vendors) | scope.vendor)
    outage.silent_vendors = sorted(set(outage.silent_vendors) | scope.silent_vendors)
    if scope.silent_vendors:
        outage.cause = OutageCause.PLATFORM
    # New locks to attach: the worker attaches and announces again.
    outage.save(update_fields=["areas", "gateways", "vendors", "silent_vendors", "cause"])
    entry_add(outage, EntryKind.WIDENED, at=now, data=_scope_data(scope))


def outage_detect(*, found: Scope, now: datetime) -> MajorOutage:
    """R11: open the outage for groups of locks that went offline together, or widen the open one.

    Its cases are attached and its leader told afterwards (vredvakt.outages.automatic),
    outside this short transaction.
    """
    with transaction.atomic():
        current = MajorOutage.objects.select_for_update().filter(status=OutageStatus.OPEN).first()
        if current is None:
            try:
                with transaction.atomic():
                    return _create_detected(found, now)
            except IntegrityError:  # another worker opened it a moment ago
                current = MajorOutage.objects.select_for_update().get(status=OutageStatus.OPEN)
        _widen(current, found, now)
    return current


def _cause(scope: Scope) -> str:
    if scope.silent_vendors or scope.vendor:
        return OutageCause.PLATFORM
    return OutageCause.NETWORK if scope else OutageCause.UNKNOWN


def _create_detected(found: Scope, now: datetime) -> MajorOutage:
    version, _params = routine_in_force(now)
    outage = MajorOutage.objects.create(
        source=OutageSource.DETECTED,
        cause=_cause(found),
        areas=sorted(found.area),
        gateways=sorted(found.gateway),
        vendors=sorted(found.vendor),
        silent_vendors=sorted(found.silent_vendors),
        routine_version=version,
        opened_at=now,
    )
    entry_add(outage, EntryKind.OPENED, at=now, data=_scope_data(found))
    audit_record(actor=None, action="outage.open", obj=outage, via="worker", now=now)
    return outage


def outage_declare(
    *,
    by: AbstractBaseUser,
    description: str,
    scope: Scope,
    now: datetime,
    via: str = "web",
) -> MajorOutage:
    """R11: the alarm group declares a major outage telemetry cannot see (the app, a platform)."""
    description = description.strip()[:MAX_TEXT]
    if not scope:
        raise OutageError(
            _("Choose which areas, gateways or vendors the outage covers."), status=400
        )
    version, _params = routine_in_force(now)
    try:
        with transaction.atomic():
            outage = MajorOutage.objects.create(
                source=OutageSource.DECLARED,
                cause=_cause(scope),
                description=description,
                areas=sorted(scope.area),
                gateways=sorted(scope.gateway),
                vendors=sorted(scope.vendor),
                routine_version=version,
                opened_at=now,
                declared_by_id=by.pk,
            )
            entry_add(outage, EntryKind.DECLARED, at=now, actor=by, text=description)
            audit_record(actor=by, action="outage.declare", obj=outage, via=via, now=now)
    except IntegrityError:
        raise OutageError(
            _("A major outage is already ongoing: coordinate it on its page.")
        ) from None
    return outage


def outage_announce(*, outage: MajorOutage, now: datetime) -> None:
    """R11: the cases are attached; the alarm group's unit manager and the alarm group hear."""
    with transaction.atomic():
        claimed = MajorOutage.objects.filter(pk=outage.pk, announced_at__isnull=True).update(
            announced_at=now
        )
        if not claimed:
            return
        outage.announced_at = now
        entry_add(outage, EntryKind.ANNOUNCED, at=now)
        notices.outage_opened(outage, now=now)
        reminders.schedule_update_reminder(outage, now=now)


def _locked(outage: MajorOutage) -> MajorOutage:
    return MajorOutage.objects.select_for_update().get(pk=outage.pk)


def _require_open(outage: MajorOutage) -> None:
    if outage.status != OutageStatus.OPEN:
        raise OutageError(_("The major outage is already over."))


def _take_lead(outage: MajorOutage, by: AbstractBaseUser) -> None:
    if outage.leader_id is None:
        outage.leader_id = by.pk


def outage_notify_managers(
    *, outage: MajorOutage, by: AbstractBaseUser, now: datetime, via: str = "web"
) -> MajorOutage:
    """R12, R13: one action tells every unit manager and the operations manager, once."""
    with transaction.atomic():
        outage = _locked(outage)
        _require_open(outage)
        if outage.managers_notified_at is not None:
            raise OutageError(
                _("The unit managers have already been told; send an update instead.")
            )
        _take_lead(outage, by)
        outage.managers_notified_at = outage.last_update_at = now
        outage.save(update_fields=["leader", "managers_notified_at", "last_update_at"])
        entry_add(outage, EntryKind.MANAGERS_NOTIFIED, at=now, actor=by)
        notices.managers_told(outage, now=now)
        reminders.schedule_update_reminder(outage, now=now)
        audit_record(actor=by, action="outage.notify_managers", obj=outage, via=via, now=now)
    return outage


def _text(text: str) -> str:
    text = text.strip()
    if not text:
        raise OutageError(_("Write what has happened since the last update."), status=400)
    if len(text) > MAX_TEXT:
        raise OutageError(_("Keep the update under 2000 characters."), status=400)
    return text


def outage_send_update(
    *, outage: MajorOutage, by: AbstractBaseUser, text: str, now: datetime, via: str = "web"
) -> OutageEntry:
    """R12: a status update to the same list; the reminder starts over."""
    text = _text(text)
    with transaction.atomic():
        outage = _locked(outage)
        _require_open(outage)
        _take_lead(outage, by)
        outage.last_update_at = now
        outage.save(update_fields=["leader", "last_update_at"])
        entry = entry_add(outage, EntryKind.UPDATE, at=now, actor=by, text=text)
        notices.update_sent(outage, text=text, now=now)
        reminders.schedule_update_reminder(outage, now=now)
        audit_record(actor=by, action="outage.update", obj=outage, via=via, now=now)
    return entry


def outage_restore(
    *, outage: MajorOutage, by: AbstractBaseUser, now: datetime, note: str = "", via: str = "web"
) -> MajorOutage:
    """R13: the leader confirms the locks work again; "back in function" goes out once."""
    note = note.strip()[:MAX_TEXT]
    with transaction.atomic():
        outage = _locked(outage)
        _require_open(outage)
        _take_lead(outage, by)
        outage.status, outage.restored_at, outage.restored_by_id = (
            OutageStatus.RESTORED,
            now,
            by.pk,
        )
        outage.last_update_at = now
        outage.save(
            update_fields=["leader", "status", "restored_at", "restored_by", "last_update_at"]
        )
        entry_add(outage, EntryKind.RESTORED, at=now, actor=by, text=note)
        notices.restored(outage, text=note, now=now)
        reminders.cancel_update_reminder(outage, now=now)
        # Its cases: those whose lock works are restored, the rest go back to their
        # coordinators with the messages held back (vredvakt.outages.release).
        job_schedule(
            kind=AFTER_RESTORE,
            due_at=now,
            key=f"outage:{outage.pk}:after-restore",
            subject=outage,
            now=now,
        )
        audit_record(actor=by, action="outage.restore", obj=outage, via=via, now=now)
        outage_over(outage.pk, now=now)  # R15: the operations manager's report
    return outage


def outage_deviation_reported(
    *, outage: MajorOutage, by: AbstractBaseUser, reference: str, now: datetime, via: str = "web"
) -> MajorOutage:
    """R15: the operations manager has written the deviation report."""
    reference = reference.strip()
    if not reference or len(reference) > 100:
        raise OutageError(_("Give the deviation's reference (at most 100 characters)."), status=400)
    with transaction.atomic():
        outage = _locked(outage)
        if outage.status == OutageStatus.OPEN:
            raise OutageError(_("Report the deviation once the outage is over."))
        if outage.deviation_reported_at is not None:
            raise OutageError(_("The deviation has already been reported."))
        outage.deviation_reference = reference
        outage.deviation_reported_at, outage.deviation_reported_by_id = now, by.pk
        outage.save(
            update_fields=["deviation_reference", "deviation_reported_at", "deviation_reported_by"]
        )
        entry_add(outage, EntryKind.DEVIATION_REPORTED, at=now, actor=by, text=reference)
        audit_record(actor=by, action="outage.deviation_reported", obj=outage, via=via, now=now)
    return outage


def outage_mostly_back(*, outage: MajorOutage, now: datetime) -> bool:
    """Most of its locks report again: ask the leader, once, to confirm it is over."""
    with transaction.atomic():
        changed = MajorOutage.objects.filter(
            pk=outage.pk, status=OutageStatus.OPEN, restore_proposed_at__isnull=True
        ).update(restore_proposed_at=now)
        if changed:
            outage.restore_proposed_at = now
            entry_add(outage, EntryKind.MOSTLY_BACK, at=now)
            notices.mostly_back(outage, now=now)
    return bool(changed)
