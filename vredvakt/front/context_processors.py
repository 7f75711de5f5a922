from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from vredvakt.front.navigation import nav_links
from vredvakt.front.routine_notice import routine_notice_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What base.html needs on every page: the nav and the R16 banner."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": nav_links(user, request.path),
        "routine_notice": routine_notice_for(user, timezone.localdate()),
    }
