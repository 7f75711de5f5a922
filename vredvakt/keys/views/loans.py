"""The care worker's key actions (R1, R2, R5): sign out, return, hand over, my keys.

Plain forms that work without JavaScript on a weak connection; each carries an
idempotency token, so a double tap or a resend does nothing twice.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vredvakt.audit.services import audit_client_read
from vredvakt.cases.access import get_case_for_user
from vredvakt.keys.access import key_storages_visible_to
from vredvakt.keys.errors import LoanError
from vredvakt.keys.forms import HandOverForm, ReturnForm, SignOutForm
from vredvakt.keys.loan_access import (
    can_act_on_loan,
    can_sign_out,
    colleagues_for,
    get_loan_for_user,
    get_loan_key_for_user,
)
from vredvakt.keys.loans import key_hand_over, key_return, key_sign_out
from vredvakt.keys.models import KeyLoan, KeyLoanEvent
from vredvakt.lib.humane import human_time
from vredvakt.lib.names import person_name
from vredvakt.lib.redirects import next_url
from vredvakt.lib.requests import signed_in
from vredvakt.lib.tokens import new_token

RECENT = timedelta(hours=24)


def _allow(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do that with this key."))


def _refused(request: HttpRequest, error: LoanError, back: str) -> HttpResponse:
    context = {"message": error.message, "back": back}
    return render(request, "keys/refused.html", context, status=error.status)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    loans = list(
        KeyLoan.objects.filter(holder_id=request.user.pk, returned_at__isnull=True)
        .select_related("key", "key__client", "key__storage", "case", "signed_out_by")
        .order_by("due_back_at")
    )
    mine_q = Q(actor_id=request.user.pk) | Q(from_user_id=request.user.pk)
    recent = (
        KeyLoanEvent.objects.filter(mine_q | Q(to_user_id=request.user.pk), at__gte=now - RECENT)
        .select_related("loan__key", "actor", "from_user", "to_user", "place")
        .order_by("-at", "-id")[:10]
    )
    clients: list[Model] = [loan.key.client for loan in loans if loan.key.client is not None]
    if clients:
        audit_client_read(user=request.user, clients=clients, via="web")
    context = {"loans": loans, "recent": recent, "now": now, "token": new_token()}
    return render(request, "keys/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET: the form for a key taken without a case; POST: sign it out (R5)."""
    data = request.POST if request.method == "POST" else request.GET
    form = SignOutForm(data)
    if not form.is_valid():
        return render(request, "keys/sign_out.html", {"form": form, "key": None}, status=422)
    key = get_loan_key_for_user(request.user, form.cleaned_data["key"])
    case_id = form.cleaned_data["case"]
    case = get_case_for_user(request.user, case_id) if case_id else None
    _allow(can_sign_out(request.user, key))
    if request.method != "POST":
        initial = {"key": key.pk, "token": new_token(), "next": next_url(request, "")}
        return render(
            request, "keys/sign_out.html", {"form": SignOutForm(initial=initial), "key": key}
        )
    back = next_url(request, reverse("keys:mine"))
    try:
        loan = key_sign_out(
            key=key,
            by=signed_in(request),
            now=timezone.now(),
            case=case,
            reason=form.cleaned_data["reason"],
            token=form.cleaned_data["token"],
        )
    except LoanError as error:
        if case is not None or not error.field:
            return _refused(request, error, back)
        form.add_error(None, error.message)
        return render(
            request, "keys/sign_out.html", {"form": form, "key": key}, status=error.status
        )
    message = _("You have key %(key)s. Bring it back %(due)s.")
    messages.success(request, message % {"key": key.code, "due": _due(loan)})
    return HttpResponseRedirect(back)


def _due(loan: KeyLoan) -> str:
    return human_time(loan.due_back_at, timezone.now())


def _loan_to_act_on(request: HttpRequest, pk: int) -> KeyLoan:
    loan = get_loan_for_user(request.user, pk)
    _allow(can_act_on_loan(request.user, loan))
    return loan


@login_required
@require_http_methods(["GET", "POST"])
def return_key(request: HttpRequest, pk: int) -> HttpResponse:
    loan = _loan_to_act_on(request, pk)
    places = key_storages_visible_to(request.user).order_by("name")
    back = next_url(request, reverse("keys:mine"))
    if request.method != "POST":
        initial = {"token": new_token(), "next": back}
        form = ReturnForm(initial=initial, key=loan.key, places=places)
        return render(
            request, "keys/return.html", {"form": form, "loan": loan, "now": timezone.now()}
        )
    data = request.POST.dict()
    # The one-tap button sends no place: the key goes back to its own (R1, R2).
    data.setdefault("place", str(loan.key.storage_id or ""))
    form = ReturnForm(data, key=loan.key, places=places)
    if not form.is_valid():
        return render(
            request,
            "keys/return.html",
            {"form": form, "loan": loan, "now": timezone.now()},
            status=422,
        )
    try:
        key_return(
            loan=loan,
            by=signed_in(request),
            now=timezone.now(),
            place=form.cleaned_data["place"],
            token=form.cleaned_data["token"],
        )
    except LoanError as error:
        return _refused(request, error, back)
    message = _("Key %(key)s is back at %(place)s. Thank you.")
    messages.success(request, message % {"key": loan.key.code, "place": form.cleaned_data["place"]})
    return HttpResponseRedirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    loan = _loan_to_act_on(request, pk)
    colleagues = colleagues_for(loan.key).exclude(pk=loan.holder_id)
    back = next_url(request, reverse("keys:mine"))
    if request.method != "POST":
        form = HandOverForm(initial={"token": new_token(), "next": back}, colleagues=colleagues)
        return render(
            request, "keys/hand_over.html", {"form": form, "loan": loan, "now": timezone.now()}
        )
    form = HandOverForm(request.POST, colleagues=colleagues)
    if not form.is_valid():
        return render(
            request,
            "keys/hand_over.html",
            {"form": form, "loan": loan, "now": timezone.now()},
            status=422,
        )
    to = form.cleaned_data["to"]
    try:
        key_hand_over(
            loan=loan,
            by=signed_in(request),
            to=to,
            now=timezone.now(),
            token=form.cleaned_data["token"],
        )
    except LoanError as error:
        return _refused(request, error, back)
    message = _("%(name)s has key %(key)s now.")
    messages.success(request, message % {"name": person_name(to), "key": loan.key.code})
    return HttpResponseRedirect(back)
