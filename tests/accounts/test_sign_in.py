"""Sign-in: repeated failures lock a username out from one address, and every
sign-in, failure, lockout and sign-out is in the audit trail (#14 item 2)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.forms import SetPasswordForm
from django.test import Client, override_settings
from django.utils import translation

from tests.conftest import PASSWORD
from vredvakt.audit.models import AuditEntry

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PHONE = "Mozilla/5.0 (Linux; Android 14) Vredvakt-test"
LOCKED = "För många misslyckade inloggningar"


@pytest.fixture
def phone() -> Client:
    return Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="10.1.2.3")


def sign_in(http: Client, username: str, password: str):
    return http.post("/login/", {"username": username, "password": password})


def test_a_right_password_signs_in_and_is_recorded_with_address_and_browser(phone, world):
    response = sign_in(phone, "anna", PASSWORD)

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.actor == world.anna
    assert (entry.detail["ip"], entry.detail["user_agent"]) == ("10.1.2.3", PHONE)


def test_a_wrong_password_is_recorded_without_the_password(phone, world):
    response = sign_in(phone, "anna", "not-her-password")

    assert response.status_code == 200
    assert "_auth_user_id" not in phone.session
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.actor is None
    assert entry.detail == {"ip": "10.1.2.3", "user_agent": PHONE, "username": "anna"}


@time_machine.travel(NOW, tick=False)
def test_five_wrong_passwords_lock_out_even_the_right_one(phone, world):
    for _ in range(4):
        assert sign_in(phone, "anna", "guess").status_code == 200
    fifth = sign_in(phone, "anna", "guess")
    right = sign_in(phone, "anna", PASSWORD)

    for response in (fifth, right):
        assert response.status_code == 429
        assert LOCKED in response.content.decode()
        assert 'id="id_username"' in response.content.decode()  # the sign-in page, not a bare 403
    assert "_auth_user_id" not in phone.session
    assert AuditEntry.objects.filter(action="auth.lockout").exists()
    assert not AuditEntry.objects.filter(action="auth.login").exists()


def test_the_lockout_ends_after_the_configured_minutes(phone, world):
    with time_machine.travel(NOW, tick=False):
        for _ in range(5):
            sign_in(phone, "anna", "guess")
    with time_machine.travel(NOW + timedelta(minutes=14), tick=False):
        assert sign_in(phone, "anna", PASSWORD).status_code == 429
    # A failure during the lockout started it again at 14 minutes.
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        assert sign_in(phone, "anna", PASSWORD).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_a_lockout_holds_one_username_from_one_address_only(phone, world):
    for _ in range(5):
        sign_in(phone, "anna", "guess")

    assert sign_in(phone, "kim", PASSWORD).status_code == 302
    colleague = Client(REMOTE_ADDR="10.9.9.9")
    assert sign_in(colleague, "anna", PASSWORD).status_code == 302


def test_signing_out_is_recorded(phone, world):
    sign_in(phone, "anna", PASSWORD)
    phone.post("/logout/")

    entry = AuditEntry.objects.get(action="auth.logout")
    assert (entry.actor, entry.detail["reason"]) == (world.anna, "sign_out")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("anna-lund-1", "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken."),
        ("annalund@vredvakt.test", "Ditt lösenord är alltför likt"),
        ("password1234", "Detta lösenord är alldeles för vanligt."),
        ("482910573618", "Detta lösenord är enbart numeriskt."),
    ],
)
def test_a_new_password_is_checked_by_all_of_djangos_validators(world, password, message):
    world.anna.last_name, world.anna.email = "Lund", "annalund@vredvakt.test"
    with translation.override("sv"):
        form = SetPasswordForm(world.anna, {"new_password1": password, "new_password2": password})
        assert not form.is_valid()
        assert any(message in error for error in form.errors["new_password2"])


def test_a_long_uncommon_password_is_accepted(world):
    password = "kaffe på trappan i Tumba"
    form = SetPasswordForm(world.anna, {"new_password1": password, "new_password2": password})
    assert form.is_valid()


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_our_proxy_the_address_is_the_one_it_forwarded(world):
    # The client wrote the first entry itself; our proxy appended the real one.
    proxied = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    sign_in(proxied, "anna", "guess")
    assert AuditEntry.objects.get(action="auth.login_failed").detail["ip"] == "192.0.2.7"


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(world):
    direct = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    sign_in(direct, "anna", "guess")
    assert AuditEntry.objects.get(action="auth.login_failed").detail["ip"] == "10.0.0.1"
