"""The signed-in request, typed: what every view behind login_required works with."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is signed in (as healthchecks types its views): for type checkers."""

    user: User


def signed_in(request: HttpRequest) -> User:
    """The user of a view behind login_required (or an API token: accounts.auth sets it)."""
    user = request.user
    assert isinstance(user, User), "use login_required"
    return user
