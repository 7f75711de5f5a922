"""Benchmark: CPU per page served with and without `with_deep_stack` (#11).

    .venv/bin/python bench/pages.py [--rounds 3] [--requests 5]

On a throwaway database (a SQLite file, or a new database on the PostgreSQL server
DATABASE_URL names) with the demo municipality, personas ask for their everyday pages
through Django's test client: the whole middleware stack, as the web server runs it.

Whether CPython 3.11 maps and unmaps frame memory on calls inside a request depends
on how deep the stack already is where the request starts (vredvakt/lib/deep_stack.py):
a web server, a worker and a test each start it somewhere else. So every round serves
the pages from each of 32 starting depths, 16 KiB of frames apart in all, `--requests`
times each: through the request middleware as it is, which runs the rest of the stack
in one chunk, and calling the stack directly, as before. It prints the CPU (user +
kernel) per page over all depths and at the worst depth, for both, and their ratios.
"""

import argparse
import resource
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from benchdb import drop_database, setup_django, use_database

from vredvakt.lib.deep_stack import claim_stack

DATABASE = "pagesbench"
DEPTHS = 32
P = ParamSpec("P")
T = TypeVar("T")
PAGES = [
    ("anna", "/"),
    ("anna", "/keys/"),
    ("kim", "/cases/"),
    ("kim", "/api/v1/cases"),
    ("olof", "/outages/"),
    ("lars", "/locks/fleet/"),
]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def serve_all(clients: dict[str, Any], requests: int) -> float:
    """CPU milliseconds per page over `requests` rounds of every page."""
    started = cpu_seconds()
    for _ in range(requests):
        for username, path in PAGES:
            response = clients[username].get(path)
            assert response.status_code == 200, (username, path, response.status_code)
    return (cpu_seconds() - started) * 1000 / (requests * len(PAGES))


def from_depth(depth: int, clients: dict[str, Any], requests: int) -> float:
    """serve_all, `depth` frames of 512 bytes further down the stack."""
    if depth:
        return from_depth(depth - 1, clients, requests)
    return serve_all(clients, requests)


claim_stack(from_depth, 64)


def over_depths(clients: dict[str, Any], requests: int) -> tuple[float, float]:
    """CPU ms per page over all starting depths, and at the worst one."""
    per_depth = [from_depth(depth, clients, requests) for depth in range(DEPTHS)]
    return sum(per_depth) / len(per_depth), max(per_depth)


def direct(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """The call as it was before with_deep_stack."""
    return function(*args, **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=5)
    options = parser.parse_args()

    admin = use_database(DATABASE)
    setup_django(migrate=True)
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from vredvakt.lib import deep_stack
    from vredvakt.ops import middleware

    setup_test_environment()  # the test client's host, and email kept in memory
    call_command("demo-data", verbosity=0)
    clients = {}
    for username, _ in PAGES:
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    serve_all(clients, 2)  # warm: templates compiled, queries prepared

    print("CPU ms per page: deep stack (as served) / direct (before), all depths and worst")
    print(
        f"{'round':>5} {'all: deep':>10} {'direct':>7} {'ratio':>6} {'worst: deep':>12} "
        f"{'direct':>7} {'ratio':>6}"
    )
    try:
        for number in range(1, options.rounds + 1):
            middleware.with_deep_stack = deep_stack.with_deep_stack
            deep, deep_worst = over_depths(clients, options.requests)
            middleware.with_deep_stack = direct
            plain, plain_worst = over_depths(clients, options.requests)
            print(
                f"{number:>5} {deep:>10.2f} {plain:>7.2f} {deep / plain:>6.2f} "
                f"{deep_worst:>12.2f} {plain_worst:>7.2f} {deep_worst / plain_worst:>6.2f}"
            )
    finally:
        middleware.with_deep_stack = deep_stack.with_deep_stack
        drop_database(admin, DATABASE)


if __name__ == "__main__":
    main()
