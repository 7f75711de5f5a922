"""Template helpers for the case pages."""

from django import template

from vredvakt.lib.tokens import new_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """A fresh idempotency token per form: a second submit of *this* form does nothing."""
    return new_token()
