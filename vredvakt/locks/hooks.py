"""Who hears that an ingest batch changed locks: apps register here, locks import no one.

A hook runs inside the ingest transaction, so what it writes exists exactly
when the change does; keep it to one cheap statement (the outages app records
the locks to look at, and opens cases later, outside the hot path).

A single event that is not notable (telemetry.is_notable: no new status, no
new battery level) is stored without a transaction and reaches no hook, so a
hook must act only on notable moves.
"""

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vredvakt.locks.ingest_store import LockRow, StatusChange
    from vredvakt.routine.parameters import RoutineParameters

IngestHook = Callable[
    ["list[StatusChange]", "dict[str, LockRow]", "list[LockRow]", "RoutineParameters", datetime],
    None,
]
_ingest_hooks: list[IngestHook] = []


def on_ingest(hook: IngestHook) -> IngestHook:
    """Register `hook(changes, before, moved, params, now)` for every stored batch."""
    if hook not in _ingest_hooks:
        _ingest_hooks.append(hook)
    return hook


def after_ingest(
    changes: "list[StatusChange]",
    before: "dict[str, LockRow]",
    moved: "list[LockRow]",
    params: "RoutineParameters",
    now: datetime,
) -> None:
    for hook in _ingest_hooks:
        hook(changes, before, moved, params, now)
