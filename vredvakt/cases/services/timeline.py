"""The case's record (R6, R7): entries are appended, never edited or deleted."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser

from vredvakt.cases.models import FaultCase, TimelineEntry
from vredvakt.lib.bulk_rows import rows_insert


class EntryKind:
    REPORTED = "reported"  # R6: the first report, the case's documentation
    REPORTED_AGAIN = "reported_again"  # another report joined the open case
    DECISION_CHECKED = "decision_checked"  # R4
    STEP_DONE = "step_done"
    ALARM_GROUP_INFORMED = "alarm_group_informed"  # R8, R10
    ALARM_GROUP_ACKNOWLEDGED = "alarm_group_acknowledged"
    TROUBLESHOOTING = "troubleshooting"
    FIXED = "fixed"
    NIGHT_PATROL_MESSAGED = "night_patrol_messaged"  # R9, R10
    RESTORE_PROPOSED = "restore_proposed"  # R7: telemetry proposes
    RESTORED = "restored"  # R7: a person confirms
    CLOSED = "closed"
    DEVIATION_REPORTED = "deviation_reported"  # R14
    NOTE = "note"
    CORRECTION = "correction"
    DEADLINE_MISSED = "deadline_missed"


def timeline_append(
    *,
    case: FaultCase,
    kind: str,
    at: datetime,
    actor: AbstractBaseUser | None = None,
    text: str = "",
    data: dict[str, Any] | None = None,
    corrects: TimelineEntry | None = None,
) -> TimelineEntry:
    return TimelineEntry.objects.create(
        case=case,
        kind=kind,
        at=at,
        actor_id=actor.pk if actor is not None else None,
        text=text,
        data=data or {},
        corrects=corrects,
    )


class Entry(NamedTuple):
    """One entry of `timeline_append_many`."""

    case_id: int
    kind: str
    text: str = ""
    data: dict[str, Any] | None = None
    actor_id: int | None = None


COLUMNS = ("case_id", "at", "kind", "text", "data", "actor_id")


def timeline_append_many(*, entries: Iterable[Entry], at: datetime) -> int:
    """Append `entries` at `at` in one statement (a major outage writes thousands); how many."""
    rows = [(e.case_id, at, e.kind, e.text, e.data or {}, e.actor_id) for e in entries]
    return rows_insert(TimelineEntry, COLUMNS, rows) if rows else 0
