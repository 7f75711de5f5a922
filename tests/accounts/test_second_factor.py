"""Roles that see many units' clients give a TOTP code after the password (#14 item 2).

The code is computed here from the device's key, as the person's app would,
with the clock frozen.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from vredvakt.audit.models import AuditEntry

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def signed_in(http: Client) -> bool:
    return "_auth_user_id" in http.session


@pytest.fixture
def olofs_app(world) -> TOTPDevice:
    return TOTPDevice.objects.create(user=world.olof, name="Vredvakt", confirmed=True)


@time_machine.travel(NOW, tick=False)
def test_the_operations_manager_needs_the_code_after_the_password(client, world, olofs_app):
    response = client.post("/login/", {"username": "olof", "password": PASSWORD})

    assert response["Location"] == "/login/second-factor/"
    assert not signed_in(client)
    response = client.post("/login/second-factor/", {"code": code(olofs_app)})
    assert response["Location"] == "/"
    assert signed_in(client)
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.actor == world.olof


@time_machine.travel(NOW, tick=False)
def test_a_wrong_code_signs_nobody_in_and_is_recorded(client, world, olofs_app):
    client.post("/login/", {"username": "olof", "password": PASSWORD})
    wrong = f"{(int(code(olofs_app)) + 1) % 1_000_000:06d}"

    response = client.post("/login/second-factor/", {"code": wrong})

    assert response.status_code == 200
    assert "Koden stämmer inte" in response.content.decode()
    assert not signed_in(client)
    assert AuditEntry.objects.filter(action="auth.second_factor_failed").count() == 1


def test_the_password_step_expires_after_five_minutes(client, world, olofs_app):
    with time_machine.travel(NOW, tick=False):
        client.post("/login/", {"username": "olof", "password": PASSWORD})
    with time_machine.travel(NOW + timedelta(minutes=6), tick=False):
        response = client.post("/login/second-factor/", {"code": code(olofs_app)}, follow=True)
    assert response.redirect_chain == [("/login/", 302)]
    assert not signed_in(client)


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(client, world):
    assert client.get("/login/second-factor/")["Location"] == "/login/"


@time_machine.travel(NOW, tick=False)
def test_a_needs_assessor_without_an_app_sets_one_up_with_a_first_code(client, world):
    response = client.post("/login/", {"username": "hanna", "password": PASSWORD})
    assert response["Location"] == "/login/second-factor/setup/"

    page = client.get("/login/second-factor/setup/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=world.hanna)
    assert not device.confirmed
    response = client.post("/login/second-factor/setup/", {"code": code(device)})

    assert response["Location"] == "/"
    assert signed_in(client)
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="auth.second_factor_enrolled").exists()


@time_machine.travel(NOW, tick=False)
def test_a_confirmed_app_cannot_be_replaced_from_the_setup_page(client, world, olofs_app):
    client.post("/login/", {"username": "olof", "password": PASSWORD})
    assert client.get("/login/second-factor/setup/")["Location"] == "/login/second-factor/"
    assert TOTPDevice.objects.filter(user=world.olof).count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_care_worker_signs_in_with_the_password_alone(client, world):
    response = client.post("/login/", {"username": "anna", "password": PASSWORD})
    assert response["Location"] == "/"
    assert signed_in(client)


@override_settings(OTP_REQUIRED_FOR_ALL=True)
@time_machine.travel(NOW, tick=False)
def test_everyone_can_be_asked_for_a_code(client, world):
    response = client.post("/login/", {"username": "anna", "password": PASSWORD})
    assert response["Location"] == "/login/second-factor/setup/"
    assert not signed_in(client)


def test_the_admin_sites_sign_in_goes_through_the_same_pages(client, world):
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == "/login/?next=%2Fadmin%2F"


def test_wrong_codes_in_a_row_make_the_person_wait(client, world, olofs_app):
    with time_machine.travel(NOW, tick=False):
        client.post("/login/", {"username": "olof", "password": PASSWORD})
        right = code(olofs_app)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        client.post("/login/second-factor/", {"code": wrong})
        response = client.post("/login/second-factor/", {"code": right})
    assert "För många felaktiga koder" in response.content.decode()
    assert not signed_in(client)
    with time_machine.travel(NOW + timedelta(seconds=2), tick=False):
        client.post("/login/second-factor/", {"code": code(olofs_app)})
        assert signed_in(client)
