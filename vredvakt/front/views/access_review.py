"""The log review page: who read or changed a client's data (HSLF-FS 2016:40)."""

import csv
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from vredvakt.audit.models import AuditEntry
from vredvakt.audit.services import audit_record
from vredvakt.clients.models import Client
from vredvakt.clients.search import search_clients
from vredvakt.front.access_review import (
    DEFAULT_DAYS,
    Period,
    action_label,
    client_names,
    entries_for_client,
    entries_for_user,
    review_clients,
)
from vredvakt.lib.ids import id_from

SHOWN = 500
CSV_MAX = 50_000


@login_required
def access_review(request: HttpRequest) -> HttpResponse:
    clients = review_clients(request.user)  # PermissionDenied for other roles
    today = timezone.localdate()
    period, period_error = _period(request, today)
    query = request.GET.get("q", "").strip()[:100]
    client = id_from(request.GET.get("client"))
    chosen = clients.filter(pk=client).first() if client is not None else None
    username = request.GET.get("user", "").strip()[:150]
    person = User.objects.filter(username=username).first() if username else None
    entries = None
    if chosen is not None:
        entries = entries_for_client(chosen, period)
    elif person is not None:
        entries = entries_for_user(request.user, person, period)
    if entries is not None and request.GET.get("format") == "csv":
        response = _csv(list(entries[:CSV_MAX]))
        _audit_review(request, chosen, person, period)
        return response
    rows = list(entries[: SHOWN + 1]) if entries is not None else []
    if entries is not None:
        # After the read: the review lists what happened before it.
        _audit_review(request, chosen, person, period)
    names = client_names(rows)
    context = {
        "query": query,
        "matches": search_clients(clients, query)[:20] if query and chosen is None else [],
        "client": chosen,
        "person": person,
        "username": username,
        "unknown_user": bool(username) and person is None,
        "period": period,
        "period_error": period_error,
        "rows": [
            (entry, _about(entry, names), action_label(entry.action)) for entry in rows[:SHOWN]
        ],
        "more": len(rows) > SHOWN,
        "csv_query": request.GET.urlencode(),
    }
    return render(request, "front/access_review.html", context)


def _period(request: HttpRequest, today: date) -> tuple[Period, str]:
    default = Period(today - timedelta(days=DEFAULT_DAYS), today)
    try:
        start = _date_or(request.GET.get("from"), default.start)
        end = _date_or(request.GET.get("to"), default.end)
    except ValueError:
        return default, _("Give the dates as YYYY-MM-DD.")
    if end < start:
        return default, _("The period cannot end before it starts.")
    return Period(start, end), ""


def _date_or(raw: str | None, fallback: date) -> date:
    return date.fromisoformat(raw) if raw else fallback


def _audit_review(
    request: HttpRequest, client: Client | None, person: User | None, period: Period
) -> None:
    # Reading the log is itself a read of client data.
    detail = {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "format": request.GET.get("format", "html"),
    }
    audit_record(
        actor=request.user,
        action="access_review.client" if client is not None else "access_review.user",
        obj=client if client is not None else person,
        via="web",
        detail=detail,
        now=timezone.now(),
    )


def _csv(entries: list[AuditEntry]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="loggranskning.csv"'
    names = client_names(entries)
    writer = csv.writer(response)
    writer.writerow([_("When"), _("Who"), _("Action"), _("Client"), _("Channel"), _("IP address")])
    for entry in entries:
        writer.writerow(
            [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                entry.actor.get_username() if entry.actor else _("the system"),
                entry.action,
                _about(entry, names),
                entry.via,
                entry.ip,
            ]
        )
    return response


def _about(entry: AuditEntry, names: dict[str, Client]) -> str:
    client = names.get(entry.object_id) if entry.object_type == "clients.client" else None
    return str(client) if client else f"{entry.object_type}:{entry.object_id}"
