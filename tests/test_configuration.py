import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import ManagementUtility

# Commands started with the environment alone: they open no database.
pytestmark = [pytest.mark.own_database, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_read_from_the_environment_is_documented():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "settings.py should read its configuration from the environment"
    assert read - documented == set()


def without_secret() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "VREDVAKT_INSECURE_DEMO")}
    return {**env, "DJANGO_SETTINGS_MODULE": "config.settings"}


def run(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments], env=env, capture_output=True, text=True, cwd=ROOT
    )


@pytest.mark.parametrize(
    "arguments",
    [("-m", "vredvakt.manage", "serve"), ("-c", "import config.wsgi")],
    ids=["serve", "wsgi"],
)
def test_the_web_server_refuses_to_start_without_a_secret_key(arguments):
    result = run(*arguments, env=without_secret())
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_missing_secret_key_is_one_line_not_a_traceback():
    result = run("-m", "vredvakt.manage", "serve", env=without_secret())
    assert result.stderr.strip().splitlines() == [
        "CommandError: SECRET_KEY must be set (or VREDVAKT_INSECURE_DEMO=1 for a local demo)"
    ]


def test_help_and_commands_that_sign_nothing_need_no_secret_key():
    # The README suggests `vredvakt --help` before anything is configured.
    result = run("-m", "vredvakt.manage", "--help", env=without_secret())
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\s+demo-data$", result.stdout, re.M)
    routine = run("-m", "vredvakt.manage", "routine", "--help", env=without_secret())
    assert routine.returncode == 0, routine.stderr


def test_it_names_a_bad_value_in_one_line_instead_of_guessing():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings", EMAIL_PORT="twenty-five")
    result = run("-m", "vredvakt.manage", "check", env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == "vredvakt: EMAIL_PORT must be a whole number, not 'twenty-five'"


def test_the_console_script_lists_the_projects_own_commands():
    result = subprocess.run(
        [sys.executable, "-m", "vredvakt.manage", "--help"],
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings"),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0
    for command in ("demo-data", "import", "worker", "serve", "routine"):
        assert re.search(rf"^\s+{re.escape(command)}$", result.stdout, re.M), command


@pytest.mark.parametrize(
    "command",
    [
        "demo-data",
        "import",
        "worker",
        "serve",
        "routine",
        "simulate",
        "integration",
        "api-token",
        "check-contacts",
    ],
)
def test_each_project_command_explains_itself(command, capsys):
    # In this process: the console script itself is started above (#11: one process
    # per command cost a second each).
    with pytest.raises(SystemExit) as done:
        ManagementUtility(["vredvakt", command, "--help"]).execute()
    assert done.value.code in (0, None)
    assert "usage:" in capsys.readouterr().out
