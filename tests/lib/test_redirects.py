"""The safe `next` of every form: back to our own page, never to another site or down to http."""

import pytest
from django.test import RequestFactory

from vredvakt.lib.redirects import next_url

FALLBACK = "/cases/"


def posted(next_value: str, *, secure: bool = False):
    return RequestFactory().post("/x/", {"next": next_value}, secure=secure, HTTP_HOST="localhost")


def test_it_goes_back_to_a_page_of_ours():
    assert next_url(posted("/keys/?page=2"), FALLBACK) == "/keys/?page=2"


def test_it_reads_next_from_the_query_string_too():
    request = RequestFactory().get("/x/", {"next": "/keys/"}, HTTP_HOST="localhost")
    assert next_url(request, FALLBACK) == "/keys/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/cases/",
        "http://evil.example@localhost.evil.example/",
        "javascript:alert(1)",
        "",
    ],
)
def test_it_rejects_another_site_and_falls_back(target):
    assert next_url(posted(target), FALLBACK) == FALLBACK


def test_it_rejects_plain_http_when_the_request_came_over_https():
    assert next_url(posted("http://localhost/keys/", secure=True), FALLBACK) == FALLBACK
    assert next_url(posted("https://localhost/keys/", secure=True), FALLBACK) == (
        "https://localhost/keys/"
    )


@pytest.mark.parametrize(
    "target", ["0", "-1", "[]", "2026-13-45", "99999999999999999999", "ä\x00ö", "/cases/\x00"]
)
def test_anything_but_a_path_of_ours_falls_back(target):
    # Such a `next` once reached Django's redirect(), which took it for a URL name: a 500.
    assert next_url(posted(target), FALLBACK) == FALLBACK
