"""Where a form sends people back to: the page it was on, if that page is ours."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request: HttpRequest, default: str) -> str:
    """`next` from the form or the query string when it is safe to go to, else `default`.

    Only this host, and only https when the request came over https: a link from
    outside must not send a signed-in person to another site, or down to plain http.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
