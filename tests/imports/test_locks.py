"""Importing locks, matched on vendor and the vendor's lock id."""

from datetime import UTC, datetime, timedelta

from vredvakt.locks.models import Lock

from .conftest import run_import, write_csv

HEADER = "vendor,vendor_lock_id,model,client,heartbeat_interval_s,area,gateway\n"
LOCKS = HEADER + (
    "Phoniro,PH-1,Smart Lock 2,C-1,600,Tumba centrum,GW-7\n"
    "Phoniro,PH-10,,,,,\n"
    "Gantner,PH-1,,C-2,60,,\n"
)


def test_it_imports_locks(world, tmp_path, english):
    run = run_import("locks", write_csv(tmp_path, LOCKS))

    assert run.stdout.strip() == "locks: 2 created, 1 updated, 0 unchanged."
    world.karin_lock.refresh_from_db()
    assert world.karin_lock.model == "Smart Lock 2"
    assert world.karin_lock.heartbeat_interval_s == 600
    assert (world.karin_lock.area, world.karin_lock.gateway) == ("Tumba centrum", "GW-7")
    spare = Lock.objects.get(vendor="Phoniro", vendor_lock_id="PH-10")
    assert (spare.client, spare.heartbeat_interval_s) == (None, 900)
    assert Lock.objects.get(vendor="Gantner", vendor_lock_id="PH-1").client == world.bengt


def test_reimporting_changes_nothing_and_one_change_updates_one_lock(world, tmp_path, english):
    run_import("locks", write_csv(tmp_path, LOCKS))
    assert run_import("locks", write_csv(tmp_path, LOCKS)).stdout.strip() == (
        "locks: 0 created, 0 updated, 3 unchanged."
    )

    run = run_import("locks", write_csv(tmp_path, LOCKS.replace("GW-7", "GW-8")))

    assert run.stdout.strip() == "locks: 0 created, 1 updated, 2 unchanged."
    assert Lock.objects.count() == 4


def test_it_rejects_bad_intervals_clients_and_duplicates(world, tmp_path, english):
    text = HEADER + (
        "Phoniro,PH-20,,,5,,\n"  # line 2: too short
        "Phoniro,PH-21,,,15 min,,\n"  # line 3: not a number
        "Phoniro,PH-22,,C-99,,,\n"  # line 4: no such client
        ",PH-23,,,,,\n"  # line 5: no vendor
        "Phoniro,PH-20,,,,,\n"  # line 6: same lock as line 2
    )

    run = run_import("locks", write_csv(tmp_path, text), fails=True)

    assert run.stderr.splitlines() == [
        "line 2: heartbeat_interval_s must be at least 10",
        "line 3: heartbeat_interval_s: “15 min” is not a whole number",
        "line 4: client: there is no client with the reference “C-99”",
        "line 5: vendor must not be empty",
        "line 6: the same vendor + vendor_lock_id “Phoniro PH-20” is also on line 2",
    ]
    assert Lock.objects.count() == 2


def test_it_keeps_what_telemetry_knows_about_a_lock(world, tmp_path, english):
    world.karin_lock.battery = 40
    world.karin_lock.save()

    run_import(
        "locks", write_csv(tmp_path, "vendor,vendor_lock_id,area\nPhoniro,PH-1,Storvreten\n")
    )

    world.karin_lock.refresh_from_db()
    assert (world.karin_lock.area, world.karin_lock.battery) == ("Storvreten", 40)
    assert world.karin_lock.client == world.karin


def test_a_large_file_needs_no_query_per_row(
    world, tmp_path, english, django_assert_max_num_queries
):
    rows = "".join(f"Phoniro,PH-{i},M2,C-{1 + i % 2},{900 + i % 3},,\n" for i in range(300))

    # The audit log: the file's entry and one per row created or changed, each
    # write reading (and on PostgreSQL locking) the chain's head first.
    with django_assert_max_num_queries(40):
        run = run_import("locks", write_csv(tmp_path, HEADER + rows))

    assert run.stdout.strip() == "locks: 298 created, 2 updated, 0 unchanged."


def test_a_new_heartbeat_interval_moves_the_running_deadline(world, tmp_path, english):
    # R17: heard from at 09:00, silent after 15 min + the 10 min grace.
    seen = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    Lock.objects.filter(pk=world.karin_lock.pk).update(
        status="ok", last_seen_at=seen, last_event_at=seen, overdue_at=seen + timedelta(minutes=25)
    )
    text = "vendor,vendor_lock_id,heartbeat_interval_s\nPhoniro,PH-1,3600\nPhoniro,PH-2,600\n"

    run_import("locks", write_csv(tmp_path, text))

    world.karin_lock.refresh_from_db()
    assert world.karin_lock.overdue_at == seen + timedelta(minutes=70)
    # Never heard from: no deadline to move.
    assert Lock.objects.get(vendor_lock_id="PH-2").overdue_at is None
