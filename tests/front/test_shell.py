"""Sign-in, sign-out, the header and the language switch."""

from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.conftest import PASSWORD


def test_the_login_page_is_in_swedish_by_default(client, db):
    page = client.get("/login/").content.decode()
    assert '<html lang="sv">' in page
    assert "Logga in i Vredvakt" in page
    assert 'for="id_username"' in page
    assert 'for="id_password"' in page


def test_it_signs_a_care_worker_in_to_the_home_page(client, world):
    response = client.post("/login/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_rejects_a_wrong_password_with_a_clear_message(client, world):
    response = client.post("/login/", {"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Ange ett korrekt användarnamn och lösenord" in page  # Django's own Swedish
    assert "_auth_user_id" not in client.session


def test_it_signs_out_with_a_post(client, world):
    client.force_login(world.anna)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_the_header_names_the_user_and_offers_sign_out(client, world):
    client.force_login(world.anna)
    page = client.get("/").content.decode()
    assert "Anna" in page
    assert 'action="/logout/"' in page
    assert "Hoppa till innehållet" in page


def test_the_language_switch_changes_the_interface_language(client, world):
    client.force_login(world.anna)
    assert "Logga ut" in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/clients/"})
    assert response.status_code == 302
    assert response["Location"] == "/clients/"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Sign out" in page
    assert "The lock does not work" in page
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert "Logga ut" in client.get("/").content.decode()


def test_the_nav_shows_the_sections_for_the_users_roles(client, world):
    client.force_login(world.adam)
    page = client.get("/").content.decode()
    for href in ('href="/clients/"', 'href="/locks/"', 'href="/admin/"'):
        assert href in page
    client.force_login(world.anna)
    page = client.get("/").content.decode()
    assert 'href="/clients/"' in page
    assert 'href="/admin/"' not in page
    assert 'href="/oncall/"' not in page
    # #12: unit managers plan who is on call out of hours.
    client.force_login(world.ulla)
    assert 'href="/oncall/"' in client.get("/").content.decode()


def test_the_header_shows_the_inbox_with_its_unread_count(world):
    request = RequestFactory().get("/")
    request.user = world.anna
    page = render_to_string("base.html", {"inbox_url": "/inbox/", "inbox_unread": 2}, request)
    assert 'href="/inbox/"' in page
    assert "Meddelanden (2)" in page


def test_the_error_pages_say_what_to_do_in_swedish(world):
    request = RequestFactory().get("/")
    request.user = world.anna
    assert "Det här får du inte göra" in render_to_string("403.html", {}, request)
    assert "Till startsidan" in render_to_string("404.html", {}, request)
    assert "ring koordinatorn" in render_to_string("500.html", {})


def test_swedish_is_the_default_even_when_the_phone_asks_for_english(client, world):
    client.force_login(world.anna)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.headers["Content-Language"] == "sv"
