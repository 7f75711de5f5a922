"""The audit log is a hash chain: `vredvakt audit verify` finds any edit, removal or insertion."""

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from tests.conftest import World
from vredvakt.audit.models import AuditCheckpoint, AuditEntry, AuditTampering
from vredvakt.audit.services import audit_purge_before, audit_record, audit_record_many
from vredvakt.clients.models import Client

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger and advisory lock are PostgreSQL's"
)


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue().strip()


def verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        verify()
    return str(failure.value)


def some_entries(world: World, count: int = 5) -> list[AuditEntry]:
    for n in range(count):
        audit_record(
            actor=world.kim,
            action="client.update",
            obj=world.karin,
            via="web",
            changes={"contact_notes": (f"note {n}", f"note {n + 1}")},
            now=NOW + timedelta(minutes=n),
        )
    audit_record_many(
        actor=None,
        action="client.read",
        model=Client,
        targets=[(world.karin.pk, None), (world.bengt.pk, {"page": "register"})],
        via="api",
        now=NOW + timedelta(hours=1),
    )
    return list(AuditEntry.objects.order_by("seq"))


def raw_sql(sql: str, params: list[int | str]) -> None:
    """An edit straight in the database, past the ORM (and, on PostgreSQL, the trigger)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_each_entry_carries_the_hash_of_the_one_before(world: World) -> None:
    entries = some_entries(world)
    assert [e.seq for e in entries] == list(range(entries[0].seq, entries[0].seq + 7))
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in entries}) == len(entries)


def test_verify_passes_on_an_untouched_log(world: World) -> None:
    some_entries(world)
    assert verify() == f"OK, {AuditEntry.objects.count()} entries"


def test_verify_names_an_entry_edited_in_the_database(world: World) -> None:
    entry = some_entries(world)[2]
    raw_sql("UPDATE audit_auditentry SET via = 'cli' WHERE id = %s", [entry.pk])
    message = verify_fails()
    assert f"entry id {entry.pk}" in message
    assert "action client.update" in message and "hash mismatch" in message
    assert entry.at.isoformat() in message


def test_verify_names_the_entry_after_a_removed_one(world: World) -> None:
    entries = some_entries(world)
    raw_sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[3].pk])
    message = verify_fails()
    assert f"entry id {entries[4].pk}" in message
    assert f"missing entry before it (seq {entries[3].seq})" in message


def test_verify_names_an_entry_whose_link_was_rewritten(world: World) -> None:
    entries = some_entries(world)
    # A forger who recomputes one entry's hash still breaks the next one's link.
    raw_sql("UPDATE audit_auditentry SET prev_hash = %s WHERE id = %s", ["f" * 64, entries[5].pk])
    assert "previous-hash mismatch" in verify_fails()


def test_the_orm_refuses_to_change_or_remove_entries(world: World) -> None:
    entry = some_entries(world)[0]
    entry.via = "cli"
    with pytest.raises(AuditTampering):
        entry.save()
    with pytest.raises(AuditTampering):
        entry.delete()
    with pytest.raises(AuditTampering):
        AuditEntry.objects.filter(pk=entry.pk).update(via="cli")
    with pytest.raises(AuditTampering):
        AuditEntry.objects.all().delete()
    assert verify().startswith("OK")


@on_postgresql
def test_postgresql_refuses_raw_updates_and_deletes(world: World) -> None:
    entry = some_entries(world)[0]
    for sql in (
        "UPDATE audit_auditentry SET via = 'cli' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).via == "web"


def test_a_purge_removes_the_oldest_entries_and_verify_still_passes(world: World) -> None:
    entries = some_entries(world)
    before = AuditEntry.objects.count()
    removed = audit_purge_before(NOW + timedelta(minutes=3), now=NOW + timedelta(days=1))
    first_kept = AuditEntry.objects.order_by("seq").first()
    # The world's own entries (if any) come first, then the first three of ours.
    assert removed == before - len(entries) + 3
    assert first_kept is not None and first_kept.pk == entries[3].pk
    checkpoint = AuditCheckpoint.objects.get()
    assert (checkpoint.seq, checkpoint.hash) == (entries[2].seq, entries[2].hash)
    assert verify() == f"OK, {AuditEntry.objects.count()} entries"
    # And the chain goes on from where it was.
    audit_record(actor=None, action="after.purge", via="worker", now=NOW + timedelta(days=1))
    assert verify() == f"OK, {AuditEntry.objects.count()} entries"


def test_a_purge_of_everything_leaves_a_chain_that_goes_on(world: World) -> None:
    some_entries(world)
    audit_purge_before(NOW + timedelta(days=10), now=NOW + timedelta(days=10))
    assert not AuditEntry.objects.exists()
    assert verify() == "OK, 0 entries"
    audit_record(actor=None, action="after.purge", via="worker", now=NOW + timedelta(days=10))
    assert verify() == "OK, 1 entries"


def test_a_changed_entry_records_old_new_values_and_where_from(world: World) -> None:
    entry = some_entries(world)[1]
    assert entry.changes == {"contact_notes": ["note 1", "note 2"]}
    assert (entry.ip, entry.user_agent) == ("", "")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_make_one_chain(world: World) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(20):
                if i % 2:
                    audit_record(actor=None, action=f"w{n}", via="worker", now=NOW)
                else:
                    audit_record_many(
                        actor=None,
                        action=f"m{n}",
                        model=Client,
                        targets=[(1, None), (2, None), (3, None)],
                        via="worker",
                        now=NOW,
                    )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert verify() == f"OK, {AuditEntry.objects.count()} entries"
