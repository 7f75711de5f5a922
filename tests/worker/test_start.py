"""A worker starts without loading the web pages (#11): checking the URL conf imports
every view and the whole API, about a second of CPU at each start, for a process
that serves none of them. `vredvakt check` still checks the URLs."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Its own process on the demo's kind of database: a migrated SQLite file.
pytestmark = pytest.mark.own_database

# Runs a command as `vredvakt` would, then says whether the URL conf was imported.
PROBE = (
    "import sys\n"
    "from django.core.management import execute_from_command_line\n"
    "execute_from_command_line(['vredvakt', *sys.argv[1:]])\n"
    "print('pages loaded' if 'config.urls' in sys.modules else 'no pages loaded')\n"
)


def run(command: list[str], database: Path) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "tests-only-not-secret",
        "DATABASE_URL": f"sqlite:///{database}",
        "LOG_LEVEL": "WARNING",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return done.stdout.splitlines()[-1]


def test_a_worker_runs_without_loading_the_pages_and_check_still_loads_them(
    migrated_sqlite: Callable[[Path], Path], tmp_path: Path
) -> None:
    database = migrated_sqlite(tmp_path / "vredvakt.sqlite3")
    assert run(["worker", "--ticks", "1", "--id", "probe"], database) == "no pages loaded"
    assert run(["check"], database) == "pages loaded"
