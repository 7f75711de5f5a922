"""Two changes at the same moment: the database gave up one of them; run it again.

PostgreSQL breaks a deadlock by rolling back one of the transactions in it
(SQLSTATE 40P01), and a serialisation failure (40001) is the same kind of
answer: nothing of that transaction was stored, and the same work run again a
moment later succeeds. On an outage day a coordinator ticks a step of a case
while a declared outage takes the same case in; the two take the case's row
and the audit chain's lock (vredvakt/audit/chain.py) in opposite orders.

Such an error is not the database being down (vredvakt/lib/unavailable.py): the
work is retried here, and if it still conflicts the person is asked to try again.
"""

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection, transaction

log = logging.getLogger("vredvakt.database")

T = TypeVar("T")

# deadlock_detected, serialization_failure
CONFLICT_SQLSTATES = frozenset({"40P01", "40001"})
ATTEMPTS = 3
# A pause before each new attempt, random and longer each time: run again at once, the
# work met the other change still finishing and the two deadlocked again (seen under load).
BACKOFF_S = 0.1


def is_conflict(exc: BaseException | None) -> bool:
    """The database rolled the transaction back because of another one, not because it is down."""
    if not isinstance(exc, OperationalError):
        return False
    return getattr(exc.__cause__, "sqlstate", None) in CONFLICT_SQLSTATES


def retry_on_conflict(work: Callable[[], T], *, attempts: int = ATTEMPTS) -> T:
    """Run `work` (one whole transaction) again when the database gave it up for another.

    Only an outermost transaction is run again: inside an outer one, the rollback
    took the outer work with it, so the error goes up to whoever started that.
    """
    for attempt in range(1, attempts):
        try:
            return work()
        except OperationalError as exc:
            if not is_conflict(exc) or connection.in_atomic_block:
                raise
            log.warning("transaction run again after a conflict (attempt %d): %s", attempt, exc)
            time.sleep(random.uniform(0.5, 1.5) * BACKOFF_S * attempt)
    return work()


def in_one_transaction_retried(work: Callable[[], T]) -> T:
    """A person's change (a page's action, an API call): one transaction, run again
    after a conflict."""

    def once() -> T:
        with transaction.atomic():
            return work()

    return retry_on_conflict(once)
