"""`check --deploy` with production settings reports nothing (#14 item 3).

Run as its own process with only the environment a production host sets, so
the test settings (and the developer's shell) play no part.
"""

import subprocess
import sys
from pathlib import Path

import pytest

# `check --deploy` in a process of its own, with production settings.
pytestmark = pytest.mark.own_database

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7Qz-long-random-production-like-key-4f9b2c8e1d6a3b7f0e5c9d2a8b4f1e6c",
    "ALLOWED_HOSTS": "vredvakt.example.se",
    "CSRF_TRUSTED_ORIGINS": "https://vredvakt.example.se",
    "BEHIND_TLS_PROXY": "1",
    "TRUSTED_PROXY_COUNT": "1",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def check_deploy(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "VREDVAKT_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "vredvakt.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_production_settings_pass_check_deploy_with_no_warning(tmp_path):
    result = check_deploy(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_the_tls_settings_it_warns_of_hsts_and_cookies(tmp_path):
    plain = {key: PRODUCTION[key] for key in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    result = check_deploy(plain, tmp_path)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_behind_a_proxy_that_is_not_counted_it_warns_that_every_address_is_the_proxys(tmp_path):
    uncounted = {**PRODUCTION, "TRUSTED_PROXY_COUNT": "0"}
    result = check_deploy(uncounted, tmp_path)
    assert result.returncode != 0
    assert "vredvakt.W001" in result.stderr
    assert "TRUSTED_PROXY_COUNT" in result.stderr
