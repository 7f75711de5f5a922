"""Cases of a major outage, many at a time (R11): attach the open ones, open the missing ones.

`case_open` costs a dozen statements per case and sends its messages; an
outage of 20,000 locks needs neither. Here a chunk of locks costs a fixed
number of statements: the cases, their checklists (the same rows
`case_open` makes, from `opening.case_steps`), two timeline entries each, and
the audit entries, all bulk-inserted in one transaction. No per-case message
is queued and no reminder scheduled while the outage is open, not even R4's
notice of an expired decision (each case still gets its R4 step): they go out
when the outage is over (vredvakt.outages.release).
"""

import logging
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet, Subquery

from vredvakt.audit.models import AuditEntry
from vredvakt.cases.decisions import DecisionCheck, check_of
from vredvakt.cases.models import (
    CaseKind,
    CaseSource,
    CaseStatus,
    CaseStep,
    FaultCase,
    TimelineEntry,
)
from vredvakt.cases.opening import case_open, case_steps, check_data
from vredvakt.cases.timeline import EntryKind
from vredvakt.clients.models import CareDecision, Client
from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import LockStatus
from vredvakt.outages import texts
from vredvakt.outages.correlation import scope_q
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.rows import rows_insert
from vredvakt.routine.checklist import CasePlan, plan_case
from vredvakt.routine.clock import to_local
from vredvakt.routine_versions.in_force import routine_in_force

log = logging.getLogger("vredvakt.outages")

CHUNK = 1000
COLUMNS = (
    "pk",
    "client_id",
    "client__unit_id",
    "last_seen_at",
    "battery",
    "vendor",
    "vendor_lock_id",
)


def offline_in_scope(outage: MajorOutage) -> QuerySet[Lock]:
    return Lock.objects.filter(scope_q(outage), status=LockStatus.OFFLINE)


def outage_attach_all(*, outage: MajorOutage, now: datetime) -> tuple[int, int]:
    """Every offline lock the outage covers gets its case attached: (attached, opened)."""
    locks = offline_in_scope(outage)
    attached = cases_attach(outage=outage, cases=_open_cases_of(locks), now=now)
    rows = needing_case(locks)
    opened = 0
    for start in range(0, len(rows), CHUNK):
        opened += cases_open_attached(outage=outage, rows=rows[start : start + CHUNK], now=now)
    return attached, opened


def _open_cases_of(locks: QuerySet[Lock]) -> QuerySet[FaultCase]:
    return FaultCase.objects.filter(
        status=CaseStatus.OPEN, kind=CaseKind.LOCK, major_outage__isnull=True, lock__in=locks
    )


def needing_case(locks: QuerySet[Lock]) -> list[tuple[Any, ...]]:
    """Locks with a client and no case yet for this fault (none open, none since it began).

    Three plain reads and a loop, not one anti-join: while 20,000 cases are
    being inserted the planner's row counts are stale, and a nested anti-join
    turns quadratic.
    """
    with_client = locks.filter(client__isnull=False)
    rows = list(with_client.order_by("pk").values_list(*COLUMNS, "status_changed_at"))
    open_clients = set(
        FaultCase.objects.filter(
            kind=CaseKind.LOCK,
            status=CaseStatus.OPEN,
            client_id__in=Subquery(with_client.values("client_id")),
        ).values_list("client_id", flat=True)
    )
    latest = dict(
        FaultCase.objects.filter(lock__in=with_client)
        .values("lock_id")
        .annotate(last=Max("opened_at"))
        .values_list("lock_id", "last")
    )
    needed = []
    for *row, changed in rows:
        last = latest.get(row[0])
        if row[1] in open_clients or (last is not None and changed is not None and last >= changed):
            continue
        needed.append(tuple(row))
    return needed


def outage_cases_for(*, outage: MajorOutage, lock_ids: list[int], now: datetime) -> set[int]:
    """Late arrivals (R11): of `lock_ids`, the offline ones the outage covers get attached cases."""
    locks = offline_in_scope(outage).filter(pk__in=lock_ids)
    covered = set(locks.values_list("pk", flat=True))
    if covered:
        cases_attach(outage=outage, cases=_open_cases_of(locks), now=now)
        rows = needing_case(locks)
        if rows:
            cases_open_attached(outage=outage, rows=rows, now=now)
    return covered


def cases_attach(*, outage: MajorOutage, cases: QuerySet[FaultCase], now: datetime) -> int:
    """Cases open before the outage join it; the messages they sent stay sent."""
    ids = list(cases.values_list("pk", flat=True))
    note = texts.attached_note(outage.pk)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            FaultCase.objects.filter(pk__in=chunk, major_outage__isnull=True).update(
                major_outage=outage
            )
            TimelineEntry.objects.bulk_create(
                TimelineEntry(
                    case_id=pk,
                    at=now,
                    kind=EntryKind.NOTE,
                    text=note,
                    data={"major_outage": outage.pk, "attached": True},
                )
                for pk in chunk
            )
    return len(ids)


def cases_open_attached(*, outage: MajorOutage, rows: list[tuple[Any, ...]], now: datetime) -> int:
    """Open one case per row (COLUMNS of its lock), all in bulk."""
    rows = list({row[1]: row for row in reversed(rows)}.values())  # one case per client
    version, params = routine_in_force(now)
    plan = plan_case(now, CaseKind.LOCK, params)
    checks = _checks([row[1] for row in rows], now, params.decision_warning_days)
    try:
        with transaction.atomic():
            return _insert(outage, rows, plan, checks, version, now)
    except IntegrityError:
        # A care worker's report opened one of these a moment ago: go one by one, joining.
        log.info("outage %s: bulk opening raced, opening %d cases one by one", outage.pk, len(rows))
        for row in rows:
            _open_one(outage, row, now)
        return len(rows)


def _checks(client_ids: list[int], now: datetime, warning_days: int) -> dict[int, DecisionCheck]:
    decisions: dict[int, list[CareDecision]] = defaultdict(list)
    for decision in CareDecision.objects.filter(client_id__in=client_ids).order_by("-valid_until"):
        decisions[decision.client_id].append(decision)
    today = to_local(now).date()
    return {
        pk: check_of(decisions[pk], today=today, warning_days=warning_days) for pk in client_ids
    }


def _insert(
    outage: MajorOutage,
    rows: list[tuple[Any, ...]],
    plan: CasePlan,
    checks: dict[int, DecisionCheck],
    version: Any,
    now: datetime,
) -> int:
    cases = FaultCase.objects.bulk_create(
        FaultCase(
            client_id=client_id,
            unit_id=unit_id,
            lock_id=lock_id,
            kind=CaseKind.LOCK,
            source=CaseSource.TELEMETRY,
            mode=plan.mode,
            shift=plan.shift,
            key_kind=plan.key,
            routine_version=version,
            access_revoked=checks[client_id].revoked,
            decision_expires_on=checks[client_id].expires_on,
            opened_at=now,
            major_outage=outage,
        )
        for lock_id, client_id, unit_id, *_rest in rows
    )
    templates = _step_templates(plan, [check.revoked for check in checks.values()], now)
    steps: list[tuple[Any, ...]] = []
    entries: list[tuple[Any, ...]] = []
    for case, (_lock, client_id, _unit, seen, battery, vendor, vendor_lock_id) in zip(
        cases, rows, strict=True
    ):
        check = checks[client_id]
        steps += [(case.pk, *step) for step in templates[check.revoked]]
        note = texts.fault_note(texts.Reason.OFFLINE, last_seen_at=seen, battery=battery)
        lock = f"{vendor} {vendor_lock_id}"  # as str(Lock) reads
        data = {"kind": CaseKind.LOCK, "source": CaseSource.TELEMETRY, "lock": lock}
        entries.append((case.pk, now, EntryKind.REPORTED, note, data))
        entries.append((case.pk, now, EntryKind.DECISION_CHECKED, "", check_data(check)))
    rows_insert(CaseStep, STEP_FIELDS, steps)
    rows_insert(TimelineEntry, ("case_id", "at", "kind", "text", "data"), entries)
    rows_insert(
        AuditEntry,
        ("at", "action", "object_type", "object_id", "via", "detail"),
        (
            (
                now,
                "case.open",
                "cases.faultcase",
                str(case.pk),
                "worker",
                {"major_outage": outage.pk},
            )
            for case in cases
        ),
    )
    return len(cases)


STEP_FIELDS = (
    "case_id",
    "code",
    "rule",
    "role",
    "due_at",
    "done_at",
    "done_by_id",
    "assignee_id",
    "position",
)


def _step_templates(
    plan: CasePlan, revoked: list[bool], now: datetime
) -> dict[bool, list[tuple[Any, ...]]]:
    """The checklist every case of the chunk gets (`opening.case_steps`), once per R4 outcome."""
    templates = {}
    for flag in set(revoked):
        check = DecisionCheck(revoked=flag, expired_on=None, expires_on=None, assessor_ids=())
        templates[flag] = [
            tuple(getattr(step, name) for name in STEP_FIELDS[1:])
            for step in case_steps(FaultCase(), plan, check, None, CaseSource.TELEMETRY, now)
        ]
    return templates


def _open_one(outage: MajorOutage, row: tuple[Any, ...], now: datetime) -> None:
    lock_id, client_id, _unit, seen, battery, *_names = row
    lock = Lock.objects.get(pk=lock_id)
    opening = case_open(
        client=Client.objects.get(pk=client_id),
        kind=CaseKind.LOCK,
        source=CaseSource.TELEMETRY,
        reported_by=None,
        now=now,
        note=texts.fault_note(texts.Reason.OFFLINE, last_seen_at=seen, battery=battery),
        lock=lock,
        via="worker",
        major_outage_id=outage.pk,
    )
    if opening.joined:
        cases_attach(outage=outage, cases=FaultCase.objects.filter(pk=opening.case.pk), now=now)
