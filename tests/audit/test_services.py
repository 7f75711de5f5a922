"""The audit log's writers: one entry per object, in the shape `audit_record` gives one."""

from datetime import UTC, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from vredvakt.audit.models import AuditEntry
from vredvakt.audit.services import audit_record, audit_record_many
from vredvakt.locks.models import Lock

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def logged(action: str) -> list[tuple[object, ...]]:
    entries = AuditEntry.objects.filter(action=action).order_by("pk")
    return list(entries.values_list("at", "actor_id", "object_type", "object_id", "via", "detail"))


def test_many_entries_read_as_one_entry_each(world: World) -> None:
    locks = (world.karin_lock, world.bengt_lock)
    for lock in locks:
        audit_record(actor=world.adam, action="one", obj=lock, via="cli", now=NOW)
    count = audit_record_many(
        actor=world.adam,
        action="many",
        model=Lock,
        targets=((lock.pk, None) for lock in locks),
        via="cli",
        now=NOW,
    )
    assert count == 2
    assert logged("many") == logged("one")
    assert logged("many")[0] == (NOW, world.adam.pk, "locks.lock", str(locks[0].pk), "cli", {})


def test_each_entry_keeps_its_own_detail(world: World) -> None:
    audit_record_many(
        actor=None,
        action="lock.status",
        model=Lock,
        targets=[(world.karin_lock.pk, {"to": "offline"}), (world.bengt_lock.pk, {"to": "ok"})],
        via="worker",
        now=NOW,
    )
    assert [(actor, detail) for _at, actor, _t, _id, _via, detail in logged("lock.status")] == [
        (None, {"to": "offline"}),
        (None, {"to": "ok"}),
    ]


def test_nothing_to_record_writes_nothing(world: World) -> None:
    with CaptureQueriesContext(connection) as queries:
        count = audit_record_many(
            actor=None, action="x", model=Lock, targets=[], via="worker", now=NOW
        )
    assert count == 0 and not queries.captured_queries
