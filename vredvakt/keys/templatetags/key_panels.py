"""The home page's key panel (R5, #13): what the signed-in person holds, overdue first.

The front app places the panel (front/panels/my_keys.html); what it shows is
the keys app's. Only key codes and places, no client names: the home page is
not a place for personal data.
"""

from typing import Any

from django import template
from django.utils import timezone

from vredvakt.keys.access import key_storages_visible_to
from vredvakt.keys.models import KeyLoan

register = template.Library()

# More places than this, and the panel links to the list instead of naming each one.
MOST_PLACES_LISTED = 4


@register.inclusion_tag("keys/_home_panel.html", takes_context=True)
def my_keys_panel(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    now = timezone.now()
    loans = list(
        KeyLoan.objects.filter(holder_id=user.pk, returned_at__isnull=True)
        .select_related("key", "key__storage")
        .order_by("due_back_at", "pk")
    )
    places = list(key_storages_visible_to(user).order_by("name")[: MOST_PLACES_LISTED + 1])
    return {
        "now": now,
        "loans": loans,
        "overdue": [loan for loan in loans if loan.due_back_at <= now],
        "places": places if len(places) <= MOST_PLACES_LISTED else [],
        "next": request.path,
        "csrf_token": context.get("csrf_token"),
    }
