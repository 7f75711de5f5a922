"""Pages and the HTTP API while the database is unreachable (#16): a clear message
and 503 with Retry-After, never a 500; the next request after it returns works."""

from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import World
from tests.unreachable import database_unreachable

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_page_says_in_swedish_that_vredvakt_is_briefly_unavailable(world: World, tmp_path: Path):
    client = Client(raise_request_exception=False)
    client.force_login(world.ulla)
    with database_unreachable(tmp_path):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "Vredvakt går inte att nå just nu" in page
    assert "Försök igen om en minut" in page
    assert client.get("/").status_code == 200  # back by itself


def test_the_api_answers_503_json_for_a_token_holder(world: World, tmp_path: Path):
    client = Client(raise_request_exception=False)
    client.force_login(world.ulla)
    with database_unreachable(tmp_path):
        response = client.get("/api/v1/cases")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json() == {
        "detail": "Databasen går inte att nå just nu. Försök igen om en stund."
    }
    assert client.get("/api/v1/cases").status_code == 200
