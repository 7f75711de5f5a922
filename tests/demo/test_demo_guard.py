"""`vredvakt demo-data` loads only into an empty database or the demo's own (#14 item 8)."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.conftest import make_client, make_unit
from vredvakt.accounts.models import UnitKind
from vredvakt.clients.models import Client

ROOT = Path(__file__).resolve().parents[2]


def load(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo-data", *args, today="2026-03-10", stdout=out)
    return out.getvalue()


def test_it_loads_into_an_empty_database(db):
    load()
    assert User.objects.filter(username="adam", is_superuser=True).exists()


def test_it_runs_again_on_its_own_data(db):
    load()
    assert "Nothing to change: the demo data was already in place." in load()


def test_a_trials_own_additions_do_not_stop_the_next_start(db):
    load()
    make_unit("solna", "Hemtjänst Solna", UnitKind.HOME_CARE)
    User.objects.create_user("provare")
    assert "Nothing to change: the demo data was already in place." in load()


def test_it_refuses_a_database_with_a_real_unit_and_client_and_changes_nothing(db):
    unit = make_unit("solna", "Hemtjänst Solna", UnitKind.HOME_CARE)
    make_client("SOL-1", "Greta", "Ås", unit)
    with pytest.raises(CommandError) as refusal:
        load()
    assert "1 unit, 1 client" in str(refusal.value) and "--force" in str(refusal.value)
    assert not User.objects.filter(username="adam").exists()
    assert Client.objects.count() == 1


def test_it_refuses_a_database_with_a_real_user(db):
    User.objects.create_user("it-drift", password="secret secret")
    with pytest.raises(CommandError, match="1 user"):
        load()


def test_force_loads_anyway(db):
    make_unit("solna", "Hemtjänst Solna", UnitKind.HOME_CARE)
    load("--force")
    assert User.objects.filter(username="adam").exists()


@pytest.mark.own_database
def test_the_refusal_is_a_nonzero_exit_code_with_a_clear_message(migrated_sqlite, tmp_path):
    # The real command line, as scripts/start runs it, on a database of its own.
    database = migrated_sqlite(tmp_path / "real.sqlite3")
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": "tests-only-not-secret",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    manage = [sys.executable, "-m", "vredvakt.manage"]
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from django.contrib.auth.models import User; User.objects.create_user('it-drift')",
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    refused = subprocess.run(
        [*manage, "demo-data"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert refused.returncode != 0
    # In the default language, Swedish.
    assert "innehåller data som demon inte har skapat (1 användare)" in refused.stderr
