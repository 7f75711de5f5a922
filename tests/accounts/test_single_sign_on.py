"""Single sign-on through OpenID Connect against a real provider on a local port (#14 item 2).

The browser's part is played by hand: Vredvakt's redirect is followed to the
provider over HTTP, and the provider's redirect back is handed to Vredvakt.
Vredvakt itself talks to the provider's token, userinfo and JWKS endpoints.
"""

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.accounts.oidc_provider import Provider, running_provider
from vredvakt.audit.models import AuditEntry

OIDC_BACKEND = "vredvakt.accounts.oidc.ExistingUsersOnly"


@pytest.fixture
def provider(world) -> Iterator[Provider]:
    with running_provider() as provider:
        backends = [*settings.AUTHENTICATION_BACKENDS, OIDC_BACKEND]
        with override_settings(AUTHENTICATION_BACKENDS=backends, **provider.settings()):
            yield provider


def sign_in_with_provider(http: Client, provider: Provider, **claims: str):
    provider.claims = {"sub": "abc-123", **claims}
    start = http.get("/login/oidc/start/?next=/keys/")
    assert start.status_code == 302 and start["Location"].startswith(provider.url)
    back = httpx.get(start["Location"], follow_redirects=False)
    assert back.status_code == 302
    url = urlsplit(back.headers["Location"])
    return http.get(f"{url.path}?{url.query}")


def signed_in_as(http: Client) -> str | None:
    return http.session.get("_auth_user_id")


def test_a_coordinator_known_by_email_is_signed_in(client, world, provider):
    response = sign_in_with_provider(client, provider, email="KIM@vredvakt.test")

    assert response["Location"] == "/keys/"
    assert signed_in_as(client) == str(world.kim.pk)
    entry = AuditEntry.objects.get(action="auth.login")
    assert (entry.actor, entry.detail["method"]) == (world.kim, OIDC_BACKEND)


def test_nobody_is_created_for_an_unknown_person(client, world, provider):
    response = sign_in_with_provider(client, provider, email="stranger@kommun.example")

    assert response["Location"] == "/login/"
    assert signed_in_as(client) is None
    page = client.get("/login/").content.decode()
    assert "hittade inget konto i Vredvakt för dig" in page
    assert not world.kim.__class__.objects.filter(email="stranger@kommun.example").exists()


@override_settings(OIDC_MATCH_CLAIM="preferred_username")
def test_the_username_claim_can_name_the_user(client, world, provider):
    sign_in_with_provider(client, provider, preferred_username="anna")
    assert signed_in_as(client) == str(world.anna.pk)


def test_a_role_with_a_second_factor_still_gives_its_code(client, world, provider):
    response = sign_in_with_provider(client, provider, email="olof@vredvakt.test")

    assert response["Location"] == "/login/second-factor/setup/"
    assert signed_in_as(client) is None


def test_a_token_signed_with_another_key_signs_nobody_in(client, world, provider):
    real_jwks = provider.jwks()
    provider.key = type(provider)().key  # the provider signs with a key its JWKS does not publish
    provider.jwks = lambda: real_jwks

    response = sign_in_with_provider(client, provider, email="kim@vredvakt.test")

    assert response["Location"] == "/login/"
    assert signed_in_as(client) is None


def test_the_sign_in_page_offers_single_sign_on_only_when_configured(client, world, provider):
    assert 'id="sign-in-sso"' in client.get("/login/").content.decode()
    with override_settings(OIDC_RP_CLIENT_ID=""):
        assert 'id="sign-in-sso"' not in Client().get("/login/").content.decode()
        assert Client().get("/login/oidc/start/").status_code == 404


def test_a_provider_that_refuses_the_code_signs_nobody_in(client, world, provider):
    provider.token = lambda form: (400, {"error": "invalid_grant"})

    response = sign_in_with_provider(client, provider, email="kim@vredvakt.test")

    assert response["Location"] == "/login/"
    assert signed_in_as(client) is None
