"""The on-call roster pages: unit managers plan their units', administrators every unit's."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vredvakt.accounts.models import Unit
from vredvakt.oncall.access import (
    check_can_plan_on_call,
    get_roster_unit_for_user,
    roster_units_for,
)
from vredvakt.oncall.forms import ExceptionForm, SlotForm
from vredvakt.oncall.gap_watch import unit_gaps
from vredvakt.oncall.models import OnCallException, OnCallSlot
from vredvakt.oncall.roster import on_call_for
from vredvakt.oncall.services import (
    oncall_exception_add,
    oncall_exception_remove,
    oncall_slot_remove,
    oncall_slot_set,
)
from vredvakt.routine_versions.in_force import routine_in_force


@login_required
def index(request: HttpRequest) -> HttpResponse:
    check_can_plan_on_call(request.user)
    units = list(roster_units_for(request.user).order_by("name"))
    if len(units) == 1:
        return redirect("oncall:unit", units[0].pk)
    return render(request, "oncall/index.html", {"units": units})


def _page(
    request: HttpRequest,
    unit: Unit,
    *,
    slot_form: SlotForm | None = None,
    exception_form: ExceptionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    context: dict[str, Any] = {
        "unit": unit,
        "now": now,
        "on_call_now": on_call_for(unit, now),
        "slots": OnCallSlot.objects.filter(unit=unit).select_related("person"),
        "exceptions": OnCallException.objects.filter(unit=unit, ends_at__gt=now)
        .select_related("person")
        .order_by("starts_at"),
        "gaps": unit_gaps(unit, now, routine_in_force(now)[1]),
        "slot_form": slot_form or SlotForm(unit=unit),
        "exception_form": exception_form or ExceptionForm(unit=unit),
    }
    return render(request, "oncall/unit.html", context, status=status)


@login_required
def unit_roster(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_roster_unit_for_user(request.user, pk))


def _refused(form: SlotForm | ExceptionForm, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
@require_POST
def slot_set(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_roster_unit_for_user(request.user, pk)
    form = SlotForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            oncall_slot_set(
                actor=request.user, unit=unit, via="web", now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The week's pattern is saved."))
            return redirect("oncall:unit", unit.pk)
    return _page(request, unit, slot_form=form, status=400)


@login_required
@require_POST
def slot_remove(request: HttpRequest, pk: int, slot_pk: int) -> HttpResponse:
    unit = get_roster_unit_for_user(request.user, pk)
    slot = get_object_or_404(OnCallSlot, pk=slot_pk, unit=unit)
    oncall_slot_remove(actor=request.user, slot=slot, via="web", now=timezone.now())
    messages.success(request, _("The period is removed from the week's pattern."))
    return redirect("oncall:unit", unit.pk)


@login_required
@require_POST
def exception_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_roster_unit_for_user(request.user, pk)
    form = ExceptionForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            oncall_exception_add(
                actor=request.user, unit=unit, via="web", now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The exception is saved."))
            return redirect("oncall:unit", unit.pk)
    return _page(request, unit, exception_form=form, status=400)


@login_required
@require_POST
def exception_remove(request: HttpRequest, pk: int, exception_pk: int) -> HttpResponse:
    unit = get_roster_unit_for_user(request.user, pk)
    exception = get_object_or_404(OnCallException, pk=exception_pk, unit=unit)
    oncall_exception_remove(actor=request.user, exception=exception, via="web", now=timezone.now())
    messages.success(request, _("The exception is removed."))
    return redirect("oncall:unit", unit.pk)
