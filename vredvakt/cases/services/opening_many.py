"""Opening many cases at once (R3, R4, R6, R11): what `case_open` gives a new case, in bulk.

`case_open` costs a dozen statements per case; a major outage opens 20,000
(bench/mass_outage.py). Here a batch costs a fixed number: the cases, their
checklists, their first timeline entries and their audit entries, each
inserted in one go, in one transaction. Every part is the single case's own
rule (`opening.new_case`, `case_steps`, `opening_entries`, `case_announce`,
`opening_detail`), so an outage's case is the case a report would have
opened, minus the messages and reminders that the outage holds back.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from vredvakt.audit.services import audit_record_many
from vredvakt.cases.decisions import DecisionCheck, check_of
from vredvakt.cases.models import CaseStep, FaultCase
from vredvakt.cases.services.opening import (
    case_announce,
    case_steps,
    new_case,
    opening_detail,
    opening_entries,
    plan_for,
)
from vredvakt.cases.services.timeline import timeline_append_many
from vredvakt.clients.models import CareDecision
from vredvakt.lib.bulk_rows import rows_insert
from vredvakt.routine.checklist import CasePlan
from vredvakt.routine.clock import to_local
from vredvakt.routine_versions.in_force import routine_in_force


@dataclass(frozen=True)
class NewCase:
    """One case of `cases_open_many`: whose, for which lock, and the report's note."""

    client_id: int
    unit_id: int
    lock_id: int | None
    lock: str  # str(lock), as the first timeline entry names it
    note: str


def cases_open_many(
    *,
    new: Sequence[NewCase],
    kind: str,
    source: str,
    now: datetime,
    via: str,
    major_outage_id: int | None = None,
) -> list[FaultCase]:
    """One new case per item of `new`, for clients without an open case of `kind`.

    Unlike `case_open` it joins no open case: if one opened meanwhile, the
    one-open-case constraint raises IntegrityError and nothing is written.
    """
    version, params = routine_in_force(now)
    plan = plan_for(kind, now, params)
    checks = _checks([item.client_id for item in new], now, params.decision_warning_days)
    with transaction.atomic():
        cases = FaultCase.objects.bulk_create(
            new_case(
                client_id=item.client_id,
                unit_id=item.unit_id,
                lock_id=item.lock_id,
                kind=kind,
                source=source,
                plan=plan,
                check=checks[item.client_id],
                version=version,
                now=now,
                major_outage_id=major_outage_id,
            )
            for item in new
        )
        pairs = list(zip(cases, new, strict=True))
        _insert_steps(cases, plan, source, now)
        timeline_append_many(
            entries=(
                entry
                for case, item in pairs
                for entry in opening_entries(
                    case, lock=item.lock, note=item.note, check=checks[item.client_id]
                )
            ),
            at=now,
        )
        for case, item in pairs:
            case_announce(case, checks[item.client_id], now=now)
        audit_record_many(
            actor=None,
            action="case.open",
            model=FaultCase,
            targets=((case.pk, opening_detail(case)) for case in cases),
            via=via,
            now=now,
        )
    return cases


def _checks(client_ids: list[int], now: datetime, warning_days: int) -> dict[int, DecisionCheck]:
    """R4 for every client, from one read of their decisions (`check_decisions` reads one)."""
    decisions: dict[int, list[CareDecision]] = defaultdict(list)
    for decision in CareDecision.objects.filter(client_id__in=client_ids).order_by("-valid_until"):
        decisions[decision.client_id].append(decision)
    today = to_local(now).date()
    return {
        pk: check_of(decisions[pk], today=today, warning_days=warning_days) for pk in client_ids
    }


STEP_FIELDS = (
    "code",
    "rule",
    "role",
    "due_at",
    "done_at",
    "done_by_id",
    "assignee_id",
    "position",
)


def _decision_kind(case: FaultCase) -> tuple[bool, bool]:
    return bool(case.access_revoked), case.decision_expires_on is not None


def _insert_steps(cases: list[FaultCase], plan: CasePlan, source: str, now: datetime) -> None:
    """Each case's checklist, as `case_steps` makes it: the same for every case but for R4."""
    templates: dict[tuple[bool, bool], list[tuple[Any, ...]]] = {}
    for revoked, expiring in {_decision_kind(case) for case in cases}:
        # R4: the steps depend only on whether the decision ended or is about to.
        check = DecisionCheck(
            revoked=revoked,
            expired_on=None,
            expires_on=now.date() if expiring else None,
            assessor_ids=(),
        )
        templates[(revoked, expiring)] = [
            tuple(getattr(step, name) for name in STEP_FIELDS)
            for step in case_steps(FaultCase(), plan, check, None, source, now)
        ]
    rows = ((case.pk, *step) for case in cases for step in templates[_decision_kind(case)])
    rows_insert(CaseStep, ("case_id", *STEP_FIELDS), rows)
