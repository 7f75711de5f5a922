"""Who hears that a case's client has been helped: apps above cases register here.

The client is helped when a spare key opened the door (keys: a loan signed out
for the case) or the lock works again (case_restore, an outage's end). R14 asks
for the deviation report then, not days later at close; the deviations app
registers from its AppConfig.ready(), so cases imports no one above it.

A hook runs inside the caller's transaction: what it writes exists exactly
when the change does.
"""

from collections.abc import Callable, Sequence
from datetime import datetime

HelpedHook = Callable[[Sequence[int], datetime], None]
_helped_hooks: list[HelpedHook] = []


def on_client_helped(hook: HelpedHook) -> HelpedHook:
    """Register `hook(case_ids, now)`."""
    if hook not in _helped_hooks:
        _helped_hooks.append(hook)
    return hook


def client_helped(case_ids: Sequence[int], *, now: datetime) -> None:
    if not case_ids:
        return
    for hook in _helped_hooks:
        hook(case_ids, now)
