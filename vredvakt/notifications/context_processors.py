from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from vredvakt.notifications.models import Message


def inbox(request: HttpRequest) -> dict[str, Any]:
    """The header's "Meddelanden (2)": the inbox link and the unread count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "inbox_url": reverse("notifications:inbox"),
        "inbox_unread": Message.objects.for_user(user.pk).unread().count(),
    }
