"""Pages with client data are never kept in a browser's cache (#14 item 2)."""

import pytest
from django.test import Client


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/", "/clients/", "/cases/", "/locks/", "/keys/places/", "/keys/"])
def test_every_page_a_signed_in_person_sees_says_no_store(client, world, url):
    client.force_login(world.kim)
    response = client.get(url)
    assert response.status_code == 200
    assert no_store(response)
    assert "private" in response["Cache-Control"]


def test_the_api_says_no_store_even_to_a_stranger(world):
    response = Client().get("/api/v1/routine-versions")
    assert response.status_code == 401
    assert no_store(response)


def test_the_sign_out_response_says_no_store(client, world):
    client.force_login(world.anna)
    assert no_store(client.post("/logout/"))


def test_static_files_stay_cacheable(client, world):
    client.force_login(world.anna)
    response = client.get("/static/vredvakt/vredvakt.css")
    assert response.status_code == 200
    assert not no_store(response)
