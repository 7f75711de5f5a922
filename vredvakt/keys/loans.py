"""Every state change of a key loan (R1, R2, R5): sign out, hand over, return.

Each function checks the rule, saves, appends to the loan's story and (when
the loan belongs to a fault case) to the case timeline, writes the audit
record and (re)schedules the overdue jobs, in one transaction. A request the
rules forbid raises LoanError and changes nothing. A form's idempotency token
makes a retried submit return the first result instead of acting twice.
"""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vredvakt.audit.services import audit_record
from vredvakt.cases.hooks import client_helped
from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.cases.services.lifecycle import finish_step
from vredvakt.cases.services.timeline import timeline_append
from vredvakt.cases.steps import StepCode
from vredvakt.keys import overdue
from vredvakt.keys.errors import LoanError
from vredvakt.keys.loan_access import colleagues_for
from vredvakt.keys.models import Key, KeyLoan, KeyLoanEvent, KeyStorage, LoanEventKind
from vredvakt.lib.humane import human_time
from vredvakt.lib.names import person_name
from vredvakt.routine.keys import key_due_back
from vredvakt.routine_versions.in_force import routine_in_force

# A loan is for a shift or a few; a longer one is a register change, not a loan.
LONGEST_LOAN = timedelta(days=7)


class TimelineKind:
    """Kinds of case timeline entries written by key loans."""

    SIGNED_OUT = "key_signed_out"  # R1, R2, R5
    HANDED_OVER = "key_handed_over"
    RETURNED = "key_returned"
    OVERDUE = "key_overdue"  # R5: not back in time (written by keys.overdue)


def default_due_back(now: datetime) -> datetime:
    """The end of the current shift, or the next when it ends too soon (R1, R2, R5, R16)."""
    _version, params = routine_in_force(now)
    return key_due_back(now, params)


def key_sign_out(
    *,
    key: Key,
    by: AbstractBaseUser,
    now: datetime,
    case: FaultCase | None = None,
    reason: str = "",
    due_back_at: datetime | None = None,
    token: str = "",
    via: str = "web",
) -> KeyLoan:
    reason = reason.strip()
    if case is None and not reason:
        raise LoanError(_("Say why you take the key."), status=422, field="reason")
    with transaction.atomic():
        key = (
            Key.objects.select_for_update(of=("self",))
            .select_related("client", "storage")
            .get(pk=key.pk)
        )
        seen = _replayed(token, key_id=key.pk)
        if seen is not None:
            return seen.loan
        _check_free(key, now)
        if case is not None:
            case = _check_case(key, case)
        due = due_back_at or default_due_back(now)
        if due <= now:
            message = _("The time to bring the key back must be later than now.")
            raise LoanError(message, status=422, field="due_back")
        if due > now + LONGEST_LOAN:
            message = _("A key can be signed out for at most %(days)s days.")
            raise LoanError(message % {"days": LONGEST_LOAN.days}, status=422, field="due_back")
        loan = _create(key, by, now, case, reason, due)
        _event(loan, LoanEventKind.SIGNED_OUT, now, by, to_user=by, token=token)
        if case is not None:
            # R1/R2: taking the key is the care worker's "fetch the key" step.
            finish_step(case, StepCode.FETCH_KEY, by, now, strict=False)
            _timeline(loan, TimelineKind.SIGNED_OUT, now, by, _place_text(key, key.storage))
            # R14: the key opens the door; the deviation report is asked for now.
            client_helped([case.pk], now=now)
        overdue.overdue_schedule(loan, now=now)
        audit_record(actor=by, action="key.sign_out", obj=loan, via=via, now=now, detail=_ids(loan))
    return loan


def _create(
    key: Key,
    by: AbstractBaseUser,
    now: datetime,
    case: FaultCase | None,
    reason: str,
    due: datetime,
) -> KeyLoan:
    try:
        with transaction.atomic():
            return KeyLoan.objects.create(
                key=key,
                case=case,
                reason=reason[:200],
                signed_out_by_id=by.pk,
                signed_out_at=now,
                holder_id=by.pk,
                due_back_at=due,
            )
    except IntegrityError:
        # Someone signed it out between our check and our insert.
        _check_free(key, now)
        raise


def _check_free(key: Key, now: datetime) -> None:
    out = KeyLoan.objects.filter(key=key, returned_at__isnull=True).select_related("holder")
    loan = out.first()
    if loan is not None:
        message = _("Key %(key)s is already signed out to %(holder)s since %(since)s.")
        raise LoanError(
            message
            % {
                "key": key.code,
                "holder": person_name(loan.holder),
                "since": human_time(loan.signed_out_at, now),
            }
        )


def _check_case(key: Key, case: FaultCase) -> FaultCase:
    # Locked, so a case cannot close while one of its keys is being signed out.
    case = FaultCase.objects.select_for_update().get(pk=case.pk)
    if case.client_id != key.client_id:
        message = _("Key %(key)s is not a key of this case's client.")
        raise LoanError(message % {"key": key.code}, status=422, field="key")
    if case.status != CaseStatus.OPEN:
        raise LoanError(_("The case is no longer open."))
    return case


def key_hand_over(
    *,
    loan: KeyLoan,
    by: AbstractBaseUser,
    to: User,
    now: datetime,
    token: str = "",
    via: str = "web",
) -> KeyLoan:
    """The key changes hands; the due time stays (R5). Both sides show in the story."""
    with transaction.atomic():
        loan = _locked(loan)
        if _replayed(token, key_id=loan.key_id, loan_id=loan.pk) is not None:
            return loan
        _require_open(loan, now)
        if to.pk == loan.holder_id:
            message = _("%(name)s already has the key.")
            raise LoanError(message % {"name": person_name(to)}, status=422, field="to")
        if not colleagues_for(loan.key).filter(pk=to.pk).exists():
            message = _("%(name)s cannot take over this key: choose a colleague of the unit.")
            raise LoanError(message % {"name": person_name(to)}, status=422, field="to")
        giver = loan.holder
        loan.holder = to
        loan.save(update_fields=["holder"])
        _event(loan, LoanEventKind.HANDED_OVER, now, by, from_user=giver, to_user=to, token=token)
        text = f"{loan.key.code}: {person_name(giver)} → {person_name(to)}"
        _timeline(loan, TimelineKind.HANDED_OVER, now, by, text)
        detail = {**_ids(loan), "from": giver.pk, "to": to.pk}
        audit_record(actor=by, action="key.hand_over", obj=loan, via=via, now=now, detail=detail)
    return loan


def key_return(
    *,
    loan: KeyLoan,
    by: AbstractBaseUser,
    now: datetime,
    place: KeyStorage | None = None,
    token: str = "",
    via: str = "web",
) -> KeyLoan:
    """The key is back, at its own place or another one; anyone may record it (R5)."""
    with transaction.atomic():
        loan = _locked(loan)
        if _replayed(token, key_id=loan.key_id, loan_id=loan.pk) is not None:
            return loan
        _require_open(loan, now)
        place = place or loan.key.storage
        if place is None:
            raise LoanError(_("Choose where you put the key."), status=422, field="place")
        holder = loan.holder
        loan.returned_at, loan.returned_by_id, loan.returned_to = now, by.pk, place
        loan.save(update_fields=["returned_at", "returned_by", "returned_to"])
        _event(loan, LoanEventKind.RETURNED, now, by, from_user=holder, place=place, token=token)
        overdue.overdue_cancel(loan, now=now)
        _timeline(loan, TimelineKind.RETURNED, now, by, _place_text(loan.key, place))
        detail = {**_ids(loan), "place": place.pk, "holder": holder.pk}
        audit_record(actor=by, action="key.return", obj=loan, via=via, now=now, detail=detail)
    return loan


def _locked(loan: KeyLoan) -> KeyLoan:
    return (
        KeyLoan.objects.select_for_update(of=("self",))
        .select_related("key", "key__client", "key__storage", "holder", "returned_by")
        .get(pk=loan.pk)
    )


def _require_open(loan: KeyLoan, now: datetime) -> None:
    if loan.returned_at is not None:
        message = _("Key %(key)s was already returned %(when)s by %(name)s.")
        raise LoanError(
            message
            % {
                "key": loan.key.code,
                "when": human_time(loan.returned_at, now),
                "name": person_name(loan.returned_by),
            }
        )


def _replayed(token: str, *, key_id: int, loan_id: int | None = None) -> KeyLoanEvent | None:
    """The earlier event of a retried submit; a token used for something else is refused."""
    if not token:
        return None
    seen = KeyLoanEvent.objects.select_related("loan").filter(token=token[:64]).first()
    if seen is None:
        return None
    if seen.loan.key_id != key_id or (loan_id is not None and seen.loan_id != loan_id):
        message = _("This form was already used for another key. Reload the page and try again.")
        raise LoanError(message, status=422, field="token")
    return seen


def _event(
    loan: KeyLoan,
    kind: str,
    now: datetime,
    actor: AbstractBaseUser,
    *,
    from_user: AbstractBaseUser | None = None,
    to_user: AbstractBaseUser | None = None,
    place: KeyStorage | None = None,
    token: str = "",
) -> KeyLoanEvent:
    return KeyLoanEvent.objects.create(
        loan=loan,
        kind=kind,
        at=now,
        actor_id=actor.pk,
        from_user_id=from_user.pk if from_user is not None else None,
        to_user_id=to_user.pk if to_user is not None else None,
        place=place,
        token=token[:64],
    )


def _timeline(loan: KeyLoan, kind: str, now: datetime, by: AbstractBaseUser, text: str) -> None:
    if loan.case is None:
        return
    data = {"loan": loan.pk, "key": loan.key.code, "holder": person_name(loan.holder)}
    data["due_back"] = loan.due_back_at.isoformat()
    timeline_append(case=loan.case, kind=kind, at=now, actor=by, text=text, data=data)


def _place_text(key: Key, place: KeyStorage | None) -> str:
    return f"{key.code} ({place})" if place is not None else key.code


def _ids(loan: KeyLoan) -> dict[str, object]:
    return {"key": loan.key_id, "case": loan.case_id}


# Labels for the case timeline's key entries, for the case pages to show.
TIMELINE_LABELS: dict[str, Promise] = {
    TimelineKind.SIGNED_OUT: gettext_lazy("Key signed out"),
    TimelineKind.HANDED_OVER: gettext_lazy("Key handed over"),
    TimelineKind.RETURNED: gettext_lazy("Key returned"),
    TimelineKind.OVERDUE: gettext_lazy("Key not back in time"),
}
