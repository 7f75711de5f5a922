"""The case services for many cases at once (R4, R7, R11): each does what the one-case service does.

A major outage opens, attaches and restores thousands of cases in bulk
(vredvakt.outages); a case handled that way must be the case Karin's
coordinator would have had from the one-case service.
"""

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from tests.cases.test_services import TUESDAY_10, open_case
from tests.conftest import World
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.services.lifecycle import (
    case_restore,
    cases_join_outage,
    cases_propose_restore,
    cases_restore_many,
)
from vredvakt.cases.services.opening import case_open
from vredvakt.cases.services.opening_many import NewCase, cases_open_many
from vredvakt.clients.models import Client
from vredvakt.jobs.models import JobState, ScheduledJob
from vredvakt.notifications.models import Message
from vredvakt.outages.correlation import Scope
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import outage_declare

LATER = TUESDAY_10 + timedelta(hours=1)


def shape(case: FaultCase) -> tuple[Any, ...]:
    """What a new case is, without its id: how it runs, its checklist, its first entries."""
    case.refresh_from_db()
    fields: tuple[Any, ...] = (
        case.client_id, case.unit_id, case.lock_id, case.kind, case.source, case.mode
    )  # fmt: skip
    fields += (case.shift, case.key_kind, case.routine_version_id, case.major_outage_id)
    fields += (case.access_revoked, case.decision_expires_on, case.opened_by_id, case.status)
    steps = case.steps.order_by("position").values_list(
        "code", "rule", "role", "due_at", "done_at", "done_by_id", "assignee_id", "position"
    )
    entries = case.timeline.order_by("pk").values_list("kind", "text", "data", "actor_id", "at")
    audit = AuditEntry.objects.filter(object_type="cases.faultcase", object_id=str(case.pk))
    logged = audit.values_list("action", "actor_id", "via", "detail")
    return fields, list(steps), list(entries), list(logged)


def outcome(cases: list[FaultCase]) -> tuple[list[tuple[Any, ...]], Counter[str], Counter[str]]:
    """The cases' shapes, and the messages and pending jobs that exist after opening them."""
    jobs = ScheduledJob.objects.filter(state=JobState.PENDING).values_list("kind", flat=True)
    messages = Message.objects.values_list("kind", flat=True)
    return [shape(case) for case in cases], Counter(messages), Counter(jobs)


def one_by_one(clients: list[Client], outage: MajorOutage | None) -> Any:
    """What case_open gives these clients, rolled back afterwards."""
    with transaction.atomic():
        cases = [
            case_open(
                client=client,
                kind="lock",
                source="telemetry",
                reported_by=None,
                now=TUESDAY_10,
                note=f"Tyst: {client.last_name}",
                lock=client.locks.get(),
                via="worker",
                major_outage_id=outage.pk if outage else None,
            ).case
            for client in clients
        ]
        result = outcome(cases)
        transaction.set_rollback(True)
    return result


def in_bulk(clients: list[Client], outage: MajorOutage | None) -> Any:
    new = [
        NewCase(
            client_id=client.pk,
            unit_id=client.unit_id,
            lock_id=client.locks.get().pk,
            lock=str(client.locks.get()),
            note=f"Tyst: {client.last_name}",
        )
        for client in clients
    ]
    cases = cases_open_many(
        new=new,
        kind="lock",
        source="telemetry",
        now=TUESDAY_10,
        via="worker",
        major_outage_id=outage.pk if outage else None,
    )
    return outcome(cases)


def declared(world: World) -> MajorOutage:
    return outage_declare(
        by=world.lars,
        description="Plattformen svarar inte.",
        scope=Scope(vendor={"Phoniro"}),
        now=TUESDAY_10,
    )


# Opening


@pytest.mark.parametrize("in_outage", [False, True], ids=["alone", "in-an-outage"])
def test_cases_opened_in_bulk_are_those_case_open_makes(world: World, in_outage: bool) -> None:
    # Karin's decision is valid; Bengt has none, so his case gets R4's step and notice.
    outage = declared(world) if in_outage else None
    clients = [world.karin, world.bengt]
    expected = one_by_one(clients, outage)
    assert in_bulk(clients, outage) == expected
    shapes, messages, jobs = expected
    assert [len(entries) for _f, _s, entries, _a in shapes] == [2, 2]
    assert "contact_needs_assessor" in [step[0] for step in shapes[1][1]]
    if in_outage:  # held back until the outage is over (R11)
        assert not (set(messages) & {"case_opened", "decision_expired"})
        assert not (set(jobs) & {"cases.step_reminder", "cases.step_missed"})
        assert outage is not None
        assert shapes[0][3] == [("case.open", None, "worker", {"major_outage": outage.pk})]
    else:
        assert messages["case_opened"] and jobs["cases.step_missed"]


def test_opening_in_bulk_writes_nothing_when_a_client_has_an_open_case(world: World) -> None:
    open_case(world)
    cases, entries = FaultCase.objects.count(), AuditEntry.objects.count()
    with pytest.raises(IntegrityError):
        in_bulk([world.bengt, world.karin], None)
    assert (FaultCase.objects.count(), AuditEntry.objects.count()) == (cases, entries)


# Joining an outage, proposing and confirming the restore


def test_open_cases_join_an_outage_once(world: World) -> None:
    case = open_case(world)
    outage = declared(world)
    assert cases_join_outage(cases=[case.pk], outage_id=outage.pk, note="Del av", now=LATER) == [
        case.pk
    ]
    assert cases_join_outage(cases=[case.pk], outage_id=outage.pk, note="Del av", now=LATER) == []
    case.refresh_from_db()
    assert case.major_outage == outage
    [note] = case.timeline.filter(kind="note")
    assert (note.text, note.data) == ("Del av", {"major_outage": outage.pk, "attached": True})


def test_only_open_cases_get_a_proposed_restore(world: World) -> None:
    karin = open_case(world)
    bengt = open_case(world, client=world.bengt)
    case_restore(case=bengt, by=world.otto, now=LATER)
    reasons = {karin.pk: "Låset svarar igen", bengt.pk: "Låset svarar igen"}
    assert cases_propose_restore(reasons=reasons, now=LATER) == [karin.pk]
    assert FaultCase.objects.get(pk=karin.pk).restore_proposed_at == LATER
    assert not bengt.timeline.filter(kind="restore_proposed").exists()


def test_restoring_many_does_what_restoring_one_does_r7(world: World) -> None:
    alone, together = open_case(world), open_case(world, client=world.bengt)
    waiting = ScheduledJob.objects.filter(subject_id=str(together.pk), state=JobState.PENDING)
    assert waiting.filter(kind="cases.step_missed").exists()
    case_restore(case=alone, by=world.kim, now=LATER, note="Fungerar")
    assert cases_restore_many(
        cases=[together.pk, alone.pk], by=world.kim, now=LATER, note="Fungerar", via="web"
    ) == [together.pk]  # Karin's was restored already: left as it was
    restored = [restored_shape(case) for case in (alone, together)]
    assert restored[0] == restored[1]
    status, record_step, entry, logged, pending = restored[0]
    assert (status, record_step) == (
        (CaseStatus.RESTORED, world.kim.pk, LATER),
        (LATER, world.kim.pk),
    )
    assert entry == ("restored", "Fungerar", world.kim.pk)
    assert logged == [("case.restore", world.kim.pk, "web", {})]
    assert pending == 0  # nothing left to remind anyone of


def restored_shape(case: FaultCase) -> tuple[Any, ...]:
    case.refresh_from_db()
    step = case.steps.get(code="record_restored")
    [entry] = case.timeline.filter(kind="restored").values_list("kind", "text", "actor_id")
    audit = AuditEntry.objects.filter(action="case.restore", object_id=str(case.pk))
    pending = ScheduledJob.objects.filter(
        subject_type="cases.faultcase", subject_id=str(case.pk), state=JobState.PENDING
    )
    return (
        (case.status, case.restored_by_id, case.restored_at),
        (step.done_at, step.done_by_id),
        entry,
        list(audit.values_list("action", "actor_id", "via", "detail")),
        pending.count(),
    )
