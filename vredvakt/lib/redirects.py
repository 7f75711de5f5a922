"""Where a form sends people back to: the page it was on, if that page is ours."""

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request: HttpRequest, default: str) -> str:
    """`next` from the form or the query string when it is safe to go to, else `default`.

    Only a page on this site ("/cases/12/"), and only https when the request came
    over https: a link from outside must not send a signed-in person to another
    site, or down to plain http. Anything else ("0", "[]", a control character)
    is no page of ours, so it goes to `default` rather than into a Location header.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and urlsplit(target).path.startswith("/")
    ):
        return target
    return default
