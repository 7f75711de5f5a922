"""Who may call the API at all: session (with CSRF) or a bearer token."""

import hashlib
import io
from datetime import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient

from tests.api.conftest import API, Api
from tests.conftest import PASSWORD
from vredvakt.accounts.models import ApiToken
from vredvakt.clients.models import Client

NEW_CLIENT = {
    "reference": "C-9",
    "first_name": "Greta",
    "last_name": "Berg",
    "street_address": "Bergvägen 1",
    "postal_code": "147 31",
    "city": "Tumba",
}


def create_token(username: str, name: str = "script") -> str:
    out = io.StringIO()
    call_command(
        "api-token",
        "create",
        username,
        "--name",
        name,
        "--scope",
        "write",
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue().strip()


def bearer(token: str) -> Api:
    return Api(HttpClient(), Authorization=f"Bearer {token}")


def test_it_rejects_anonymous_callers_with_401_json(world, api_as):
    for response in (
        api_as(None).get("/me"),
        api_as(None).get("/clients"),
        api_as(None).post("/clients", {**NEW_CLIENT, "unit": world.tumba.pk}),
    ):
        assert response.status_code == 401
        assert response.json() == {"detail": "Unauthorized"}
    assert not Client.objects.filter(reference="C-9").exists()


def test_a_session_write_needs_the_csrf_token(world, unchanged):
    http = HttpClient(enforce_csrf_checks=True)
    assert http.login(username="kim", password=PASSWORD)
    body = {**NEW_CLIENT, "unit": world.tumba.pk}
    state = unchanged()

    response = http.post(f"{API}/clients", body, content_type="application/json")

    assert response.status_code == 403
    state.check()
    # What a page of Vredvakt leaves in the browser: the CSRF cookie, echoed in a header.
    token = "a" * 32
    http.cookies["csrftoken"] = token
    response = http.post(
        f"{API}/clients", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201


def test_a_token_created_on_the_command_line_signs_in_its_user(world):
    token = create_token("kim")

    response = bearer(token).get("/me")

    assert response.status_code == 200
    assert response.json()["username"] == "kim"


def test_a_token_can_write_without_csrf(world):
    token = create_token("kim")

    response = bearer(token).post("/clients", {**NEW_CLIENT, "unit": world.tumba.pk})

    assert response.status_code == 201
    assert Client.objects.get(reference="C-9").unit == world.tumba


def test_only_the_hash_of_a_token_is_stored(world):
    token = create_token("kim")

    stored = ApiToken.objects.get(user=world.kim)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not ApiToken.objects.filter(token_hash=token).exists()


def test_it_records_when_a_token_was_last_used(world):
    token = create_token("kim")
    with time_machine.travel(datetime.fromisoformat("2026-12-01T10:00:00+01:00"), tick=False):
        bearer(token).get("/me")

    used = ApiToken.objects.get(user=world.kim).last_used_at
    assert used == datetime.fromisoformat("2026-12-01T10:00:00+01:00")


def test_it_rejects_a_revoked_token_with_401(world):
    token = create_token("kim")
    call_command("api-token", "revoke", "script", "--user", "kim", stdout=io.StringIO())

    response = bearer(token).get("/me")

    assert response.status_code == 401


def test_it_rejects_an_unknown_token_with_401(world):
    assert bearer("vv_not-a-real-token").get("/me").status_code == 401
    assert Api(HttpClient(), Authorization="Basic a2ltOng=").get("/me").status_code == 401


def test_a_revoked_name_can_be_used_again(world):
    create_token("kim", "laptop")
    call_command("api-token", "revoke", "laptop", "--user", "kim", stdout=io.StringIO())

    token = create_token("kim", "laptop")

    assert bearer(token).get("/me").status_code == 200


def test_it_refuses_a_second_active_token_with_the_same_name(world):
    create_token("kim", "laptop")

    with pytest.raises(CommandError, match="laptop"):
        create_token("kim", "laptop")

    assert ApiToken.objects.filter(user=world.kim).count() == 1


def test_it_refuses_to_revoke_a_token_that_does_not_exist(world):
    with pytest.raises(CommandError, match="nope"):
        call_command("api-token", "revoke", "nope", "--user", "kim")


def test_it_refuses_a_token_for_an_unknown_user(world):
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        create_token("nobody")
    assert not ApiToken.objects.exists()


def test_the_list_shows_tokens_but_never_the_token_itself(world):
    token = create_token("kim", "laptop")
    out = io.StringIO()

    call_command("api-token", "list", stdout=out)

    assert "kim\tlaptop\tactive" in out.getvalue()
    assert token not in out.getvalue()
