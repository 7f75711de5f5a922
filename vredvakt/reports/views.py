"""The statistics page and its CSV downloads (#15): read only, counts only."""

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vredvakt.accounts.models import Unit
from vredvakt.reports.access import check_can_see_reports
from vredvakt.reports.forms import PeriodForm, default_period, period_bounds
from vredvakt.reports.pages import table_csv, table_show
from vredvakt.reports.registry import TABLES, table_named

FIELDS = ("start", "end", "unit")


def _form(request: HttpRequest, units: QuerySet[Unit], now: datetime) -> PeriodForm:
    given = {f: request.GET[f] for f in FIELDS if f in request.GET}
    data = {**default_period(now), **given}
    return PeriodForm(data, units=units)


def _scope(form: PeriodForm, units: QuerySet[Unit]) -> tuple[list[int], datetime, datetime]:
    chosen = form.cleaned_data["unit"]
    unit_ids = [chosen.pk] if chosen is not None else list(units.values_list("pk", flat=True))
    start, end = period_bounds(form.cleaned_data["start"], form.cleaned_data["end"])
    return unit_ids, start, end


@login_required
def index(request: HttpRequest) -> HttpResponse:
    units = check_can_see_reports(request.user)
    now = timezone.now()
    form = _form(request, units, now)
    context: dict[str, Any] = {"form": form, "shown": [], "many_units": units.count() > 1}
    if not form.is_valid():
        return render(request, "reports/index.html", context, status=400)
    unit_ids, start, end = _scope(form, units)
    context["shown"] = [table_show(t, unit_ids, start, end, now) for t in TABLES]
    context["query"] = request.GET.urlencode()
    return render(request, "reports/index.html", context)


@login_required
def download(request: HttpRequest, name: str) -> HttpResponse:
    units = check_can_see_reports(request.user)
    table = table_named(name)
    if table is None:
        raise Http404("No such table.")
    now = timezone.now()
    form = _form(request, units, now)
    if not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    unit_ids, start, end = _scope(form, units)
    rows = table.figure(unit_ids, start, end, now)
    response = HttpResponse(table_csv(table, rows), content_type="text/csv; charset=utf-8")
    first, last = form.cleaned_data["start"], form.cleaned_data["end"]
    filename = f"vredvakt-{name}-{first}-{last}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
