from typing import Any, cast

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vredvakt.audit.services import audit_record
from vredvakt.lib.redirects import next_url
from vredvakt.lib.requests import signed_in
from vredvakt.notifications.access import message_for_user
from vredvakt.notifications.forms import PreferencesForm, field_name
from vredvakt.notifications.kinds import KINDS, OUTBOUND
from vredvakt.notifications.models import Channel, Message, NotificationPreferences
from vredvakt.notifications.services import (
    message_mark_read,
    messages_mark_all_read,
    preferences_save,
)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    mine = Message.objects.for_user(signed_in(request).pk)
    page = Paginator(mine, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "inbox_messages": page.object_list, "unread": mine.unread().count()},
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_for_user(signed_in(request), pk)
    # The in-app text may name clients: reading it is logged like any client read.
    audit_record(actor=request.user, action="notification.view", obj=message, via="web")
    return render(request, "notifications/message.html", {"message": message})


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_for_user(signed_in(request), pk)
    message_mark_read(message=message, user=signed_in(request), now=timezone.now())
    return _back(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = messages_mark_all_read(user=signed_in(request), now=timezone.now())
    if count:
        flash.success(request, _("Marked %(count)d messages as read.") % {"count": count})
    return _back(request)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = NotificationPreferences.objects.filter(user=signed_in(request)).first()
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            preferences_save(
                user=signed_in(request),
                language=form.cleaned_data["language"],
                channels=form.channels(),
                now=timezone.now(),
            )
            flash.success(request, _("Your choices are saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(initial={"language": current.language if current else "sv"})
    return render(
        request, "notifications/preferences.html", {"form": form, "rows": _rows(form, current)}
    )


def _rows(form: PreferencesForm, current: NotificationPreferences | None) -> list[dict[str, Any]]:
    """One row per kind: a checkbox per channel, locked on where the routine requires it."""
    chosen = current.channels if current else {}
    posted = cast(QueryDict, form.data) if form.is_bound else None
    rows = []
    for kind in KINDS.values():
        name = field_name(kind.code)
        on = (
            set(posted.getlist(name)) | kind.required
            if posted is not None
            else kind.channels(chosen.get(kind.code))
        )
        channels = [
            {
                "value": c,
                "label": Channel(c).label,
                "checked": c in on,
                "required": c in kind.required,
            }
            for c in OUTBOUND
        ]
        rows.append({"kind": kind, "name": name, "channels": channels})
    return rows


def _back(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(next_url(request, reverse("notifications:inbox")))
