"""Silent-lock sweep time against fleet size (R17): it must read only the due locks.

    DATABASE_URL=postgres://vredvakt@127.0.0.1:55432/postgres .venv/bin/python bench/sweep.py
    .venv/bin/python bench/sweep.py          # SQLite, in a temporary file

With PostgreSQL it creates (and afterwards drops) the database
`vredvakt_bench_sweep` on that server. For each fleet size it loads the fleet
(COPY on PostgreSQL, bulk_create on SQLite): every lock heard from recently,
100 of them past their overdue moment, then times `locks_sweep(limit=100)`
alone, --rounds times (the 100 are made due again between rounds, untimed).
Target: the large fleet's median within 1.5x of the small one's.
"""

import argparse
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from benchdb import drop_database, setup_django, use_database

BENCH_DB = "vredvakt_bench_sweep"
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
DUE = 100


COLUMNS = [
    "vendor",
    "model",
    "vendor_lock_id",
    "heartbeat_interval_s",
    "area",
    "gateway",
    "status",
    "last_seen_at",
    "overdue_at",
    "jammed",
]


def fleet_rows(size: int) -> Iterator[tuple[Any, ...]]:
    """Every lock heard from within the last 15 minutes; the first DUE are overdue."""
    for n in range(size):
        seen = NOW - timedelta(seconds=n % 900)
        overdue = NOW - timedelta(seconds=1 + n) if n < DUE else seen + timedelta(minutes=25)
        yield ("Bench", "", f"B-{n}", 900, f"area-{n % 50}", "", "ok", seen, overdue, False)


def load_fleet(size: int) -> None:
    from django.db import connection

    from vredvakt.locks.models import Lock

    Lock.objects.all().delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            copy_sql = f"COPY locks_lock ({', '.join(COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in fleet_rows(size):
                    copy.write_row(row)
            cursor.execute("ANALYZE locks_lock")
    else:
        Lock.objects.bulk_create(
            (Lock(**dict(zip(COLUMNS, row, strict=True))) for row in fleet_rows(size)),
            batch_size=2000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def make_due_again(ids: list[int]) -> None:
    from vredvakt.locks.models import Lock

    Lock.objects.filter(pk__in=ids).update(status="ok", overdue_at=NOW - timedelta(seconds=1))


def time_sweeps(rounds: int) -> list[float]:
    from vredvakt.locks.sweep import locks_sweep

    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = locks_sweep(now=NOW, limit=DUE)
        times.append(time.perf_counter() - started)
        assert result.count == DUE, result.count
        make_due_again([s.lock_id for s in result.went_offline])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 250_000])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    admin = use_database(BENCH_DB)
    setup_django(migrate=True)
    from django.db import connection

    medians = []
    try:
        print(f"{connection.vendor}: {DUE} due locks, {args.rounds} rounds per fleet")
        print(f"{'fleet':>9} {'load s':>7} {'median ms':>10} {'min ms':>7} {'max ms':>7}")
        for size in args.sizes:
            started = time.perf_counter()
            load_fleet(size)
            loaded = time.perf_counter() - started
            time_sweeps(3)  # warm caches and plans
            times = time_sweeps(args.rounds)
            medians.append(statistics.median(times))
            print(
                f"{size:>9} {loaded:>7.1f} {1000 * medians[-1]:>10.2f}"
                f" {1000 * min(times):>7.2f} {1000 * max(times):>7.2f}"
            )
    finally:
        drop_database(admin, BENCH_DB)
    ratio = medians[-1] / medians[0]
    print(f"\nratio largest/smallest: {ratio:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
