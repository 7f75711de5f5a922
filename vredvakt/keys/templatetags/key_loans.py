"""Template helpers for key loans: human times, names, and the case page's key panel."""

from datetime import datetime
from typing import Any

from django import template
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from vredvakt.cases.models import CaseStatus, FaultCase
from vredvakt.keys.loan_access import can_act_on_loan, can_sign_out
from vredvakt.keys.models import Key, KeyLoan
from vredvakt.lib import humane
from vredvakt.lib.names import person_name
from vredvakt.lib.tokens import new_token

register = template.Library()


@register.filter
def when(moment: datetime | None, now: datetime) -> str:
    """ "kl. 16:42", "i morgon kl. 07:00" (UX.md: local and human)."""
    return humane.human_time(moment, now) if moment is not None else ""


@register.filter
def relative(moment: datetime | None, now: datetime) -> str:
    """ "om 18 min", "för 2 h 5 min sedan"."""
    return humane.relative(moment, now) if moment is not None else ""


@register.filter
def person(user: AbstractBaseUser | None) -> str:
    return person_name(user)


# {% new_token %}: a fresh idempotency token for each form (UX.md).
register.simple_tag(new_token, name="new_token")


def case_keys(case: FaultCase, now: datetime) -> list[Key]:
    """The keys to fetch for the case now: of the kind the shift of `now` uses (R1 day,
    R2 night), whatever shift the case opened in (#12)."""
    wanted = list(Key.objects.for_case(case, now=now))
    return wanted or list(Key.objects.for_clients([case.client_id]).order_by("kind", "code"))


@register.inclusion_tag("keys/_case_panel.html", takes_context=True)
def case_key_panel(context: template.Context, case: FaultCase) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    now = timezone.now()
    loans = list(
        KeyLoan.objects.filter(case=case)
        .select_related("key", "key__storage", "holder", "returned_by", "returned_to")
        .prefetch_related("events__actor", "events__from_user", "events__to_user", "events__place")
        .order_by("signed_out_at", "pk")
    )
    keys = case_keys(case, now)
    out = {
        loan.key_id: loan
        for loan in KeyLoan.objects.filter(key__in=keys, returned_at__isnull=True).select_related(
            "holder"
        )
    }
    is_open = case.status == CaseStatus.OPEN
    free = [key for key in keys if key.pk not in out and user and can_sign_out(user, key)]
    return {
        "case": case,
        "now": now,
        "loans": loans,
        "open_cards": [
            {"loan": loan, "can_act": user is not None and can_act_on_loan(user, loan)}
            for loan in loans
            if loan.is_open
        ],
        "keys": keys,
        "out_elsewhere": [
            out[key.pk] for key in keys if key.pk in out and out[key.pk].case_id != case.pk
        ],
        "free_keys": free if is_open else [],
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
