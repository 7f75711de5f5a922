"""Who hears that a major outage is over: apps above outages register here.

R15 asks the operations manager for the outage's deviation report once it is
over; the deviations app registers from its AppConfig.ready(). A hook runs
inside outage_restore's transaction.
"""

from collections.abc import Callable
from datetime import datetime

OverHook = Callable[[int, datetime], None]
_over_hooks: list[OverHook] = []


def on_outage_over(hook: OverHook) -> OverHook:
    """Register `hook(outage_id, now)`."""
    if hook not in _over_hooks:
        _over_hooks.append(hook)
    return hook


def outage_over(outage_id: int, *, now: datetime) -> None:
    for hook in _over_hooks:
        hook(outage_id, now)
