"""A query string with a NUL character is refused before any page reads it.

No name, address, lock id or date contains NUL, and PostgreSQL refuses it in a
query: a search for "ä\\x00ö" answered 500 there and an empty list on SQLite.
Pages answer 400 with a plain message instead, the same on both databases. The
API is left to its schemas, which already answer such a parameter with a 422
naming it (accounts.apitools). Forms check their own fields (Django's CharField
refuses NUL with a form error), so only the query string is looked at here.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vredvakt.lib.api_paths import is_api

NUL = "\x00"


class RefuseNullCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api(request) and _has_null(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def _has_null(request: HttpRequest) -> bool:
    return any(
        NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists()
    )
