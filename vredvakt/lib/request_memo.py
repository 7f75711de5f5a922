"""Answers kept for the rest of one request: the same question asked by several parts of a page.

A page asks some things more than once: the case page's steps, its key guidance
and its timeline each ask which routine version is in force. Within one request
the answer changes only if the request itself changes it, which the pages that
ask do not, so `once_per_request` keeps it until the response is sent (#16).
Outside a request (the worker, commands, tests calling services) nothing is kept.
"""

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("vredvakt_request_memo", default=None)


def once_per_request(key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
