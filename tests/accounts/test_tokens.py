"""API tokens: read or write, limited to units, expiring, revoked and never deleted (#14)."""

import io
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient

from tests.conftest import make_user
from vredvakt.accounts.models import ApiToken, Membership, Role
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.models import Client

API = "/api/v1"
T0 = datetime.fromisoformat("2026-12-01T10:00:00+01:00")
NEW_CLIENT = {
    "reference": "C-9",
    "first_name": "Greta",
    "last_name": "Berg",
    "street_address": "Bergvägen 1",
    "postal_code": "147 31",
    "city": "Tumba",
}


def create_token(username: str, *args: str, name: str = "script") -> str:
    out = io.StringIO()
    call_command(
        "api-token", "create", username, "--name", name, *args, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue().strip()


def get(token: str, path: str) -> Any:
    return HttpClient().get(API + path, headers={"Authorization": f"Bearer {token}"})


def post(token: str, path: str, body: dict[str, object]) -> Any:
    return HttpClient().post(
        API + path,
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_read_token_reads_but_a_write_answers_403_saying_why(world):
    token = create_token("kim", "--scope", "read")

    assert get(token, "/clients").status_code == 200
    response = post(token, "/clients", {**NEW_CLIENT, "unit": world.tumba.pk})

    assert response.status_code == 403
    assert "bara läsa" in response.json()["detail"]  # Swedish by default
    assert not Client.objects.filter(reference="C-9").exists()


def test_a_write_token_writes(world):
    token = create_token("kim", "--scope", "write")

    response = post(token, "/clients", {**NEW_CLIENT, "unit": world.tumba.pk})

    assert response.status_code == 201


def test_a_token_limited_to_a_unit_sees_only_that_units_clients(world):
    mia = make_user("mia", (world.tumba, Role.COORDINATOR), (world.alby, Role.COORDINATOR))
    everything = create_token("mia", "--scope", "write", name="all")
    alby_only = create_token("mia", "--scope", "write", "--unit", "alby", name="alby")

    assert {c["reference"] for c in get(everything, "/clients").json()["items"]} == {"C-1", "C-2"}
    assert [c["reference"] for c in get(alby_only, "/clients").json()["items"]] == ["C-2"]
    assert get(alby_only, f"/clients/{world.karin.pk}").status_code == 404
    refused = post(alby_only, "/clients", {**NEW_CLIENT, "unit": world.tumba.pk})
    assert refused.status_code in (403, 422)
    assert not Client.objects.filter(reference="C-9").exists()
    assert mia.api_tokens.count() == 2


def test_a_token_never_reaches_further_than_its_owner_does_now(world):
    mia = make_user("mia", (world.tumba, Role.COORDINATOR), (world.alby, Role.COORDINATOR))
    token = create_token("mia", "--scope", "read", "--unit", "alby")
    Membership.objects.filter(user=mia, unit=world.alby).delete()

    assert get(token, "/clients").json()["items"] == []
    assert get(token, f"/clients/{world.bengt.pk}").status_code == 404


def test_a_token_cannot_be_limited_to_a_unit_its_owner_is_not_in(world):
    with pytest.raises(CommandError, match="Enhet Alby"):
        create_token("kim", "--scope", "read", "--unit", "alby")
    assert not ApiToken.objects.exists()


def test_a_superusers_unit_limited_token_is_only_as_wide_as_its_units(world):
    root = User.objects.create_superuser("root", "root@vredvakt.test", "pw-for-root-only")
    Membership.objects.create(user=root, unit=world.alby, role=Role.COORDINATOR)
    token = create_token("root", "--scope", "read", "--unit", "alby")

    assert [c["reference"] for c in get(token, "/clients").json()["items"]] == ["C-2"]


def test_a_token_expires_after_the_default_90_days(world):
    with time_machine.travel(T0, tick=False):
        token = create_token("kim", "--scope", "read")
    assert ApiToken.objects.get().expires_at == T0 + timedelta(days=90)

    with time_machine.travel(T0 + timedelta(days=90) - timedelta(seconds=1), tick=False):
        assert get(token, "/me").status_code == 200
    with time_machine.travel(T0 + timedelta(days=90), tick=False):
        assert get(token, "/me").status_code == 401


def test_it_refuses_a_lifetime_over_the_maximum(world, settings):
    settings.API_TOKEN_MAX_DAYS = 30

    with pytest.raises(CommandError, match="1 till 30 dagar"):
        create_token("kim", "--scope", "read", "--days", "31")
    create_token("kim", "--scope", "read", "--days", "30")
    assert ApiToken.objects.count() == 1


def test_a_revoked_token_answers_401_and_the_row_says_who_revoked_it(world, client):
    token = create_token("kim", "--scope", "read")
    client.force_login(world.kim)
    stored = ApiToken.objects.get()

    with time_machine.travel(T0, tick=False):
        response = client.post(f"/tokens/{stored.pk}/revoke/")

    assert response.status_code == 302
    assert get(token, "/me").status_code == 401
    stored.refresh_from_db()
    assert (stored.revoked_at, stored.revoked_by) == (T0, world.kim)
    assert AuditEntry.objects.filter(action="api_token.revoke", actor=world.kim).exists()


def test_last_use_is_written_at_most_once_a_minute(world):
    token = create_token("kim", "--scope", "read")
    with time_machine.travel(T0, tick=False):
        get(token, "/me")
    with time_machine.travel(T0 + timedelta(seconds=59), tick=False):
        get(token, "/me")
    assert ApiToken.objects.get().last_used_at == T0

    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        get(token, "/me")
    assert ApiToken.objects.get().last_used_at == T0 + timedelta(minutes=1)


def test_a_token_row_cannot_be_deleted(world):
    create_token("kim", "--scope", "read")

    with pytest.raises(PermissionDenied):
        ApiToken.objects.get().delete()
    with pytest.raises(PermissionDenied):
        ApiToken.objects.all().delete()
    assert ApiToken.objects.count() == 1


def test_the_admin_revokes_but_never_deletes(world, client):
    token = create_token("kim", "--scope", "read")
    root = User.objects.create_superuser("root", "root@vredvakt.test", "pw-for-root-only")
    client.force_login(root)
    stored = ApiToken.objects.get()

    page = client.get(f"/admin/accounts/apitoken/{stored.pk}/delete/")
    assert page.status_code == 403
    changelist = client.get("/admin/accounts/apitoken/")
    assert "delete_selected" not in changelist.text
    response = client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [stored.pk]},
    )

    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.revoked_by == root
    assert get(token, "/me").status_code == 401


def test_the_token_page_shows_a_new_token_once_and_lists_it(world, client):
    client.force_login(world.kim)
    with time_machine.travel(T0, tick=False):
        created = client.post(
            "/tokens/new/",
            {"name": "rapport", "scope": "read", "units": [world.tumba.pk], "days": 7},
        )
    assert created.status_code == 201
    assert "no-store" in created["Cache-Control"]
    secret = created.context["new_token"]
    assert secret in created.text
    assert get(secret, "/me").status_code == 200

    with time_machine.travel(T0, tick=False):  # the session renewed at T0 lives 12 h from then
        page = client.get("/tokens/")

    assert secret not in page.text
    assert "rapport" in page.text
    assert "Enhet Tumba" in page.text
    assert "2026-12-08 10:00" in page.text  # expires


def test_the_token_page_refuses_another_users_unit_and_too_long_a_life(world, client, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    client.force_login(world.kim)

    foreign = client.post(
        "/tokens/new/", {"name": "x", "scope": "read", "units": [world.alby.pk], "days": 7}
    )
    too_long = client.post("/tokens/new/", {"name": "y", "scope": "read", "days": 31})

    assert (foreign.status_code, too_long.status_code) == (400, 400)
    assert not ApiToken.objects.exists()


def test_nobody_revokes_someone_elses_token_from_the_page(world, client):
    create_token("kim", "--scope", "read")
    client.force_login(world.otto)

    response = client.post(f"/tokens/{ApiToken.objects.get().pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_the_list_command_shows_scope_units_and_expiry(world):
    mia = make_user("mia", (world.tumba, Role.COORDINATOR), (world.alby, Role.COORDINATOR))
    with time_machine.travel(T0, tick=False):
        create_token(mia.username, "--scope", "write", "--unit", "alby", "--days", "10")
        out = io.StringIO()
        call_command("api-token", "list", stdout=out)

    assert (
        "mia\tscript\tactive\twrite\talby\tcreated 2026-12-01 10:00\texpires 2026-12-11 10:00"
        in (out.getvalue())
    )
