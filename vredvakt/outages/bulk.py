"""Cases of a major outage, many at a time (R11): attach the open ones, open the missing ones.

`case_open` costs a dozen statements per case and sends its messages; an
outage of 20,000 locks needs neither. Here a chunk of locks costs a fixed
number of statements: the cases app opens them in bulk
(`cases.opening_many.cases_open_many`) and attaches the open ones
(`cases.services.cases_join_outage`). No per-case message is queued and no
reminder scheduled while the outage is open, not even R4's notice of an
expired decision (each case still gets its R4 step): they go out when the
outage is over (vredvakt.outages.release).
"""

import logging
from datetime import datetime
from typing import Any

from django.db import IntegrityError
from django.db.models import Max, QuerySet, Subquery

from vredvakt.cases.models import CaseKind, CaseSource, CaseStatus, FaultCase
from vredvakt.cases.services.lifecycle import cases_join_outage
from vredvakt.cases.services.opening import case_open
from vredvakt.cases.services.opening_many import NewCase, cases_open_many
from vredvakt.clients.models import Client
from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import LockStatus
from vredvakt.outages import texts
from vredvakt.outages.correlation import scope_q
from vredvakt.outages.models import MajorOutage

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
    joined = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        joined += len(cases_join_outage(cases=chunk, outage_id=outage.pk, note=note, now=now))
    return joined


def cases_open_attached(*, outage: MajorOutage, rows: list[tuple[Any, ...]], now: datetime) -> int:
    """Open one case per row (COLUMNS of its lock), all in bulk."""
    rows = list({row[1]: row for row in reversed(rows)}.values())  # one case per client
    new = [
        NewCase(
            client_id=client_id,
            unit_id=unit_id,
            lock_id=lock_id,
            lock=f"{vendor} {vendor_lock_id}",  # as str(Lock) reads
            note=texts.fault_note(texts.Reason.OFFLINE, last_seen_at=seen, battery=battery),
        )
        for lock_id, client_id, unit_id, seen, battery, vendor, vendor_lock_id in rows
    ]
    try:
        opened = cases_open_many(
            new=new,
            kind=CaseKind.LOCK,
            source=CaseSource.TELEMETRY,
            now=now,
            via="worker",
            major_outage_id=outage.pk,
        )
    except IntegrityError:
        # A care worker's report opened one of these a moment ago: go one by one, joining.
        log.info("outage %s: bulk opening raced, opening %d cases one by one", outage.pk, len(rows))
        for row in rows:
            _open_one(outage, row, now)
        return len(rows)
    return len(opened)


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
