"""deploy/restore-check.sh restores a real pg_dump and runs check and migrate --check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.worker.process import ROOT

PG_BIN = Path("/usr/lib/postgresql/15/bin")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
    pytest.mark.slow,
]


def pg_env() -> dict[str, str]:
    db = connection.settings_dict
    return dict(
        os.environ,
        PGHOST=db["HOST"],
        PGPORT=str(db["PORT"]),
        PGUSER=db["USER"],
        PGPASSWORD=db.get("PASSWORD") or "",
        PG_BIN=str(PG_BIN),
        VREDVAKT=f"{sys.executable} -m vredvakt.manage",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="tests-only-not-secret",
    )


def restore_check(dump: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["deploy/restore-check.sh", str(dump)],
        env=pg_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_dump_of_the_database_restores_and_passes_the_checks(tmp_path: Path):
    dump = tmp_path / "vredvakt.dump"
    subprocess.run(
        [PG_BIN / "pg_dump", "-Fc", "-f", dump, connection.settings_dict["NAME"]],
        env=pg_env(),
        check=True,
        timeout=300,
    )
    result = restore_check(dump)
    assert result.returncode == 0, result.stderr
    assert "passes check and migrate --check" in result.stdout


def test_a_damaged_dump_fails(tmp_path: Path):
    dump = tmp_path / "damaged.dump"
    dump.write_bytes(b"PGDMP not really a dump")
    result = restore_check(dump)
    assert result.returncode != 0
    assert "passes" not in result.stdout
