"""Major outage pages: the list, declaring one, the leader's coordination page (R11–R15)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vredvakt.audit.services import audit_client_read
from vredvakt.lib.ids import id_from
from vredvakt.lib.requests import signed_in
from vredvakt.outages import coordination
from vredvakt.outages.access import (
    can_declare,
    can_lead,
    can_report_deviation,
    client_units,
    get_outage_for_user,
    outages_visible_to,
    require,
    takes_part,
)
from vredvakt.outages.figures import outage_figures
from vredvakt.outages.forms import DeclareForm, DeviationForm, RestoreForm, UpdateForm
from vredvakt.outages.models import MajorOutage, OutageStatus
from vredvakt.outages.notices import managers_told_preview, restored_preview
from vredvakt.outages.services import (
    OutageError,
    outage_declare,
    outage_deviation_reported,
    outage_notify_managers,
    outage_restore,
    outage_send_update,
)

CLIENTS_PER_PAGE = 100


def _visible(request: HttpRequest) -> AbstractBaseUser:
    user = signed_in(request)
    if not takes_part(user):
        raise Http404("No such page.")
    return user


@login_required
def outage_list(request: HttpRequest) -> HttpResponse:
    user = _visible(request)
    outages = outages_visible_to(user).order_by("status", "-opened_at")
    page = Paginator(outages, 50).get_page(request.GET.get("page"))
    rows = [(outage, outage_figures(outage)) for outage in page.object_list]
    context = {"page": page, "rows": rows, "can_declare": can_declare(user)}
    return render(request, "outages/list.html", context)


@login_required
def declare(request: HttpRequest) -> HttpResponse:
    user = _visible(request)
    require(can_declare(user))
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outage = outage_declare(
                by=user,
                description=form.cleaned_data["description"],
                scope=form.scope(),
                now=timezone.now(),
            )
        except OutageError as exc:
            # A double tap, or someone else was first: the ongoing outage is the one to work.
            messages.warning(request, exc.message)
            current = MajorOutage.objects.filter(status=OutageStatus.OPEN).first()
            if current is not None:
                return redirect("outages:detail", current.pk)
        else:
            messages.success(request, _("The major outage is declared; the leader is told now."))
            return redirect("outages:detail", outage.pk)
    return render(request, "outages/declare.html", {"form": form})


def _detail_context(user: AbstractBaseUser, outage: MajorOutage) -> dict[str, Any]:
    now = timezone.now()
    units = client_units(user)
    return {
        "outage": outage,
        "figures": outage_figures(outage),
        "units": coordination.units_summary(outage, units),
        "clock": coordination.update_clock(outage, now),
        "now": now,
        "can_lead": can_lead(user),
        "can_report_deviation": can_report_deviation(user),
        "entries": outage.entries.select_related("actor").order_by("-at", "-id")[:50],
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    outage = get_outage_for_user(user, pk)
    context = _detail_context(user, outage)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "outages/_summary.html", context)
    context |= {
        "update_form": UpdateForm(),
        "restore_form": RestoreForm(),
        "deviation_form": DeviationForm(),
    }
    return render(request, "outages/detail.html", context)


@login_required
def clients(request: HttpRequest, pk: int) -> HttpResponse:
    """Affected clients of one unit, with their keys (R1, R2): what the units re-plan from."""
    user = signed_in(request)
    outage = get_outage_for_user(user, pk)
    allowed = client_units(user)
    choices = coordination.unit_choices(outage, allowed)
    unit_id = id_from(request.GET.get("unit"))
    unit = choices.filter(pk=unit_id).first() if unit_id is not None else None
    if unit is None:
        unit = choices.first()
    page, rows = coordination.affected_page(
        outage, allowed, unit, request.GET.get("page"), CLIENTS_PER_PAGE
    )
    audit_client_read(user=user, clients=[row.client for row in rows], via="web")
    context = {"outage": outage, "unit": unit, "units": choices, "page": page, "rows": rows}
    return render(request, "outages/clients.html", context)


def _act(request: HttpRequest, pk: int) -> tuple[AbstractBaseUser, MajorOutage]:
    user = signed_in(request)
    outage = get_outage_for_user(user, pk)
    require(can_lead(user))
    return user, outage


def _refused(request: HttpRequest, outage: MajorOutage, exc: OutageError) -> HttpResponse:
    """The outage page again, with the reason and the error's 4xx status; nothing changed."""
    messages.error(request, exc.message)
    context = _detail_context(signed_in(request), outage) | {
        "update_form": UpdateForm(),
        "restore_form": RestoreForm(),
        "deviation_form": DeviationForm(),
    }
    return render(request, "outages/detail.html", context, status=exc.status)


def _preview(request: HttpRequest, pk: int, *, restoring: bool) -> HttpResponse:
    """#13: the leader reads the email and who gets it before sending it to everyone."""
    _user, outage = _act(request, pk)
    if not outage.is_open or (not restoring and outage.managers_notified_at is not None):
        return redirect("outages:detail", outage.pk)
    now = timezone.now()
    form = RestoreForm(request.GET)
    note = form.cleaned_data["note"] if restoring and form.is_valid() else ""
    preview = (
        restored_preview(outage, text=note, now=now)
        if restoring
        else managers_told_preview(outage, now=now)
    )
    context = {"outage": outage, "preview": preview, "restoring": restoring, "note": note}
    return render(request, "outages/preview.html", context)


@login_required
def notify_preview(request: HttpRequest, pk: int) -> HttpResponse:
    return _preview(request, pk, restoring=False)


@login_required
def restore_preview(request: HttpRequest, pk: int) -> HttpResponse:
    return _preview(request, pk, restoring=True)


@login_required
@require_POST
def notify_managers(request: HttpRequest, pk: int) -> HttpResponse:
    user, outage = _act(request, pk)
    try:
        outage_notify_managers(outage=outage, by=user, now=timezone.now())
    except OutageError as exc:
        return _refused(request, outage, exc)
    messages.success(request, _("Every unit manager and the operations manager are being told."))
    return redirect("outages:detail", outage.pk)


@login_required
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    user, outage = _act(request, pk)
    form = UpdateForm(request.POST)
    if not form.is_valid():
        return _refused(request, outage, OutageError(_("Write the update."), status=400))
    try:
        outage_send_update(
            outage=outage, by=user, text=form.cleaned_data["text"], now=timezone.now()
        )
    except OutageError as exc:
        return _refused(request, outage, exc)
    messages.success(request, _("The update is on its way to every unit manager."))
    return redirect("outages:detail", outage.pk)


@login_required
@require_POST
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    user, outage = _act(request, pk)
    form = RestoreForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        outage_restore(outage=outage, by=user, note=note, now=timezone.now())
    except OutageError as exc:
        return _refused(request, outage, exc)
    messages.success(request, _("The outage is over: every unit manager is told the locks work."))
    return redirect("outages:detail", outage.pk)


@login_required
@require_POST
def deviation(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    outage = get_outage_for_user(user, pk)
    require(can_report_deviation(user))
    form = DeviationForm(request.POST)
    if not form.is_valid():
        return _refused(request, outage, OutageError(_("Give the reference."), status=400))
    try:
        outage_deviation_reported(
            outage=outage, by=user, reference=form.cleaned_data["reference"], now=timezone.now()
        )
    except OutageError as exc:
        return _refused(request, outage, exc)
    messages.success(request, _("The deviation report is recorded."))
    return redirect("outages:detail", outage.pk)
