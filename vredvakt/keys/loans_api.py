"""/key-loans: sign a key out, hand it over, return it, list loans (R1, R2, R5).

The same services and access rules as the web pages: a key out of scope is 404,
a key in view that the user may not take is 403, a key already out is 409 with
who has it, and bad input is 422.
"""

from datetime import datetime
from typing import NoReturn

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from vredvakt.accounts.apitools import (
    INPUT_ERRORS,
    READ_ERRORS,
    VIA,
    WRITE_ERRORS,
    Id,
    Pagination,
    field_error,
    forbid,
    user_of,
)
from vredvakt.cases.access import get_case_for_user
from vredvakt.keys.access import key_storages_visible_to
from vredvakt.keys.errors import LoanError
from vredvakt.keys.loan_access import (
    can_act_on_loan,
    can_sign_out,
    get_loan_for_user,
    get_loan_key_for_user,
    loans_visible_to,
)
from vredvakt.keys.loan_schemas import HandOverIn, LoanFilter, LoanIn, LoanOut, ReturnIn
from vredvakt.keys.loans import key_hand_over, key_return, key_sign_out
from vredvakt.keys.models import KeyLoan, KeyStorage
from vredvakt.routine.clock import NonexistentLocalTime, localize_strict

router = Router(tags=["key loans"])


def _with_events(loans: QuerySet[KeyLoan]) -> QuerySet[KeyLoan]:
    return loans.prefetch_related(
        "events__actor", "events__from_user", "events__to_user", "events__place"
    )


def _refuse(error: LoanError) -> NoReturn:
    if error.status == 422:
        raise field_error(error.field or "payload", error.message)
    raise HttpError(error.status, error.message)


def _reloaded(loan: KeyLoan) -> KeyLoan:
    return _with_events(_loans()).get(pk=loan.pk)


def _loans() -> QuerySet[KeyLoan]:
    return KeyLoan.objects.select_related(
        "key", "key__storage", "holder", "signed_out_by", "returned_by", "returned_to"
    )


def _due_back(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    try:
        return localize_strict(value)
    except NonexistentLocalTime as error:
        raise field_error("due_back", str(error)) from None


@router.get("/key-loans", response={200: list[LoanOut], **INPUT_ERRORS})
@paginate(Pagination)
def loan_list(request: HttpRequest, filters: Query[LoanFilter]) -> QuerySet[KeyLoan]:
    loans = filters.filter(loans_visible_to(user_of(request)))
    return _with_events(loans).order_by("-signed_out_at", "-pk")


@router.get("/key-loans/{loan_id}", response={200: LoanOut, **READ_ERRORS})
def loan_detail(request: HttpRequest, loan_id: Id) -> KeyLoan:
    loan = get_loan_for_user(user_of(request), loan_id)
    return _reloaded(loan)


@router.post("/key-loans", response={201: LoanOut, **WRITE_ERRORS})
def loan_create(request: HttpRequest, payload: LoanIn) -> Status[KeyLoan]:
    user = user_of(request)
    key = get_loan_key_for_user(user, payload.key)
    case = get_case_for_user(user, payload.case) if payload.case is not None else None
    if not can_sign_out(user, key):
        forbid(_("You may not take this key."))
    try:
        loan = key_sign_out(
            key=key,
            by=user,
            now=timezone.now(),
            case=case,
            reason=payload.reason,
            due_back_at=_due_back(payload.due_back),
            token=payload.token,
            via=VIA,
        )
    except LoanError as error:
        _refuse(error)
    return Status(201, _reloaded(loan))


def _loan_to_act_on(user: User, loan_id: Id) -> KeyLoan:
    loan = get_loan_for_user(user, loan_id)
    if not can_act_on_loan(user, loan):
        forbid(_("You may not do that with this key."))
    return loan


@router.post("/key-loans/{loan_id}/hand-over", response={200: LoanOut, **WRITE_ERRORS})
def loan_hand_over(request: HttpRequest, loan_id: Id, payload: HandOverIn) -> KeyLoan:
    user = user_of(request)
    loan = _loan_to_act_on(user, loan_id)
    to = get_user_model().objects.filter(pk=payload.to, is_active=True).first()
    if to is None:
        raise field_error("to", _("There is no person with id %(id)s.") % {"id": payload.to})
    try:
        loan = key_hand_over(loan=loan, by=user, to=to, now=timezone.now(), token=payload.token)
    except LoanError as error:
        _refuse(error)
    return _reloaded(loan)


def _place(user: User, place_id: int | None) -> KeyStorage | None:
    if place_id is None:
        return None
    place = key_storages_visible_to(user).filter(pk=place_id).first()
    if place is None:
        message = _("There is no key storage place with id %(id)s.")
        raise field_error("place", message % {"id": place_id})
    return place


@router.post("/key-loans/{loan_id}/return", response={200: LoanOut, **WRITE_ERRORS})
def loan_return(request: HttpRequest, loan_id: Id, payload: ReturnIn) -> KeyLoan:
    user = user_of(request)
    loan = _loan_to_act_on(user, loan_id)
    place = _place(user, payload.place)
    try:
        loan = key_return(
            loan=loan, by=user, now=timezone.now(), place=place, token=payload.token, via=VIA
        )
    except LoanError as error:
        _refuse(error)
    return _reloaded(loan)
