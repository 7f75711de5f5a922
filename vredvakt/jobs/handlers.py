"""Job kinds and their handlers: later issues register theirs here, e.g.

    @job_handler("cases.night_patrol_reminder")   # R9
    def remind(job: ScheduledJob, now: datetime) -> None: ...

A handler runs inside the transaction that marks its job done, so work that only
writes to the database (a timeline entry, a notify() call) happens exactly once.
"""

from collections.abc import Callable
from datetime import datetime

from vredvakt.jobs.models import ScheduledJob

JobHandler = Callable[[ScheduledJob, datetime], None]
_job_handlers: dict[str, JobHandler] = {}


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    def register(handler: JobHandler) -> JobHandler:
        _job_handlers[kind] = handler
        return handler

    return register


def handler_for(kind: str) -> JobHandler | None:
    return _job_handlers.get(kind)
