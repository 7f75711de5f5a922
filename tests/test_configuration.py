import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_read_from_the_environment_is_documented():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "settings.py should read its configuration from the environment"
    assert read - documented == set()


def test_it_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "VREDVAKT_INSECURE_DEMO")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "-m", "vredvakt.manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_names_a_bad_value_instead_of_guessing():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings", EMAIL_PORT="twenty-five")
    result = subprocess.run(
        [sys.executable, "-m", "vredvakt.manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr


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
def test_each_project_command_explains_itself(command):
    result = subprocess.run(
        [sys.executable, "-m", "vredvakt.manage", command, "--help"],
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings"),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout
