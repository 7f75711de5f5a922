"""Cache-Control: no-store on everything a signed-in person or the API is sent.

Pages name clients, addresses and where their keys hang. A shared phone's
browser cache (or its back button after sign-out) must not keep them. Static
files are served by WhiteNoise before this middleware runs and keep their
long cache lifetime.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from vredvakt.lib.api_paths import is_api


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated or is_api(request):
            # max-age=0, no-cache, no-store, must-revalidate, private
            add_never_cache_headers(response)
        return response
