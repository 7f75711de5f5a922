"""Render a message once, when it is queued, in the recipient's language.

The caller's context is split in two: `public` (what happened, safe on any
channel) and `personal` (client names, addresses, care details). Personal data
goes only to the in-app message, and to email/SMS only when the routine version
in force lists that channel in `personal_data_channels`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

CONTEXT_KEYS = {"public", "personal", "path"}


@dataclass(frozen=True)
class MessageContext:
    public: Mapping[str, Any] = field(default_factory=dict)
    personal: Mapping[str, Any] = field(default_factory=dict)
    path: str = ""  # where in Vredvakt the details are, e.g. "/cases/12/"

    @classmethod
    def of(cls, context: "Mapping[str, Any] | MessageContext") -> "MessageContext":
        if isinstance(context, MessageContext):
            return context
        unknown = set(context) - CONTEXT_KEYS
        if unknown:
            # Forces every caller to decide what is personal.
            raise ValueError(f"context keys are public, personal and path; not {sorted(unknown)}")
        return cls(context.get("public", {}), context.get("personal", {}), context.get("path", ""))


@dataclass(frozen=True)
class Rendered:
    title: str
    in_app: str
    email_subject: str
    email_text: str
    email_html: str
    sms: str


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def render(
    kind: str, context: MessageContext, *, language: str, personal_channels: frozenset[str]
) -> Rendered:
    link = absolute(context.path or reverse("notifications:inbox"))
    base = {
        "public": context.public,
        "link": link,
        "preferences_link": absolute(reverse("notifications:preferences")),
    }
    with_personal = {**base, "personal": context.personal}
    without = {**base, "personal": None}
    email_ctx = with_personal if "email" in personal_channels else without
    sms_ctx = with_personal if "sms" in personal_channels else without
    folder = f"notifications/messages/{kind}"
    with translation.override(language):
        # Titles never carry personal data: they show on lock screens and in subjects.
        title = _clean(render_to_string(f"{folder}/subject.txt", without))
        email_body = _text(render_to_string(f"{folder}/body.txt", email_ctx))
        page = {**email_ctx, "title": title, "body": email_body}
        return Rendered(
            title=title[:200],
            in_app=_text(render_to_string(f"{folder}/body.txt", with_personal)),
            email_subject=f"Vredvakt: {title}"[:200],
            email_text=render_to_string("notifications/messages/email.txt", page),
            email_html=render_to_string("notifications/messages/email.html", page),
            sms=_clean(render_to_string(f"{folder}/sms.txt", sms_ctx)),
        )


def _clean(text: str) -> str:
    """One line: templates may wrap for readability."""
    return " ".join(text.split())


def _text(text: str) -> str:
    """Trim each line and drop runs of blank lines left by template tags."""
    lines = [line.strip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
