"""The worker's telemetry steps (R17, R11): the silent-lock sweep, then the locks to look at.

`locks.sweep` declares overdue locks offline and records them in the same
transaction; `outages.telemetry` claims the recorded locks (from the sweep and
from the ingest) and opens what they call for (vredvakt.outages.automatic).
Both claim their rows atomically, so any number of workers share the work.
"""

import logging

from django.db import transaction

from vredvakt.jobs.claims import claim_due
from vredvakt.jobs.loop import Tick, due_work
from vredvakt.locks.sweep import locks_sweep
from vredvakt.outages.automatic import locks_look_at, outage_catch_up
from vredvakt.outages.inbox import signals_record
from vredvakt.outages.models import LockSignal

log = logging.getLogger("vredvakt.outages")

SWEEP_LIMIT = 2000
# Rounds per tick: a mass outage is swept in one tick, so the outage sees it whole.
SWEEP_ROUNDS = 10
SIGNAL_BATCH = 2000


@due_work("locks.sweep")
def sweep(tick: Tick) -> int:
    total = 0
    for _round in range(SWEEP_ROUNDS):
        now = tick.moment()
        with transaction.atomic():
            result = locks_sweep(now=now, limit=SWEEP_LIMIT)
            # Recorded with the sweep's change: a worker dying now loses no case.
            signals_record([s.lock_id for s in result.went_offline], now=now)
        total += result.count
        tick.progress()
        if not result.more or tick.stopping():
            break
    if total:
        log.info("sweep: %d locks went offline", total)
    return total


@due_work("outages.telemetry")
def look_at_signals(tick: Tick) -> int:
    now = tick.moment()
    outage_catch_up(now=now)  # a declared outage, or one a dead worker left unannounced
    claimed = claim_due(
        LockSignal.objects.filter(due_at__lte=tick.now),
        now=tick.now,
        lease=tick.lease,
        worker_id=tick.worker_id,
        limit=SIGNAL_BATCH,
    )
    if not claimed:
        return 0
    came_back = {s.lock_id for s in claimed if s.came_back}
    locks_look_at(sorted({s.lock_id for s in claimed}), came_back=came_back, now=now)
    LockSignal.objects.filter(pk__in=[s.pk for s in claimed]).delete()
    tick.progress()
    return len(claimed)
