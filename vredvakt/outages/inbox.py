"""Which locks the worker must look at: recorded where telemetry changes them (R17).

The ingest and the sweep write one LockSignal per lock whose status moved, or
whose battery crossed a level, in their own transaction (one bulk INSERT, and
only when something changed). The worker claims the signals later and opens
cases, battery tasks and outages from the lock's state as it is then
(vredvakt.outages.automatic), so the ingest stays fast and nothing is lost
when a process dies in between.
"""

from collections.abc import Iterable
from datetime import datetime

from vredvakt.locks.hooks import on_ingest
from vredvakt.locks.ingest_store import LockRow, StatusChange
from vredvakt.locks.telemetry import BatteryLevel, LockState, LockStatus, battery_level
from vredvakt.outages.models import LockSignal
from vredvakt.routine.parameters import RoutineParameters

# A lock in one of these cannot be opened from the app: a fault case runs the routine.
FAULT_STATUSES = frozenset({LockStatus.OFFLINE, LockStatus.JAMMED})


def signals_record(lock_ids: Iterable[int], *, came_back: Iterable[int] = (), now: datetime) -> int:
    back = set(came_back)
    rows = [
        LockSignal(lock_id=pk, due_at=now, came_back=pk in back) for pk in sorted(set(lock_ids))
    ]
    LockSignal.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _critical(state: LockState, params: RoutineParameters) -> bool:
    return battery_level(state.battery, params) == BatteryLevel.CRITICAL


@on_ingest
def record_ingest(
    changes: list[StatusChange],
    before: dict[str, LockRow],
    moved: list[LockRow],
    params: RoutineParameters,
    now: datetime,
) -> None:
    """The ingest hook: status changes, and battery levels crossed (no status change for those)."""
    look: set[int] = set()
    back: set[int] = set()
    for change in changes:
        look.add(change.lock_id)
        if change.old in FAULT_STATUSES and change.new not in FAULT_STATUSES:
            back.add(change.lock_id)
    earlier = dict(before.values())
    for pk, after in moved:
        old = earlier.get(pk)
        if old is None:
            continue
        if battery_level(old.battery, params) != battery_level(after.battery, params):
            look.add(pk)
            if _critical(old, params) and not _critical(after, params):
                back.add(pk)
    if look:
        signals_record(look, came_back=back, now=now)
