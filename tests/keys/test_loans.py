"""Signing keys out, handing them over and returning them (R1, R2, R5), through the services."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from tests.keys.conftest import TUESDAY_10, TUESDAY_23, open_case, sign_out
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.errors import CaseError
from vredvakt.cases.services.lifecycle import case_close, case_restore
from vredvakt.keys.errors import LoanError
from vredvakt.keys.loans import key_hand_over, key_return
from vredvakt.keys.models import KeyLoan

LATER = TUESDAY_10 + timedelta(hours=1)


def test_signing_out_for_a_case_records_who_when_why_and_completes_fetch_key(world):
    case = open_case(world)
    loan = sign_out(world, case=case)
    assert (loan.holder, loan.signed_out_by, loan.case) == (world.anna, world.anna, case)
    # R1: taken in the day shift, due back when it ends at 22:00.
    assert loan.due_back_at == datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    step = case.steps.get(code="fetch_key")
    assert (step.done_by, step.done_at) == (world.anna, TUESDAY_10)
    entry = case.timeline.get(kind="key_signed_out")
    assert entry.actor == world.anna and entry.data["key"] == "K-1"
    assert [e.kind for e in loan.events.all()] == ["signed_out"]
    assert AuditEntry.objects.filter(action="key.sign_out", object_id=str(loan.pk)).exists()


def test_a_night_loan_is_due_at_07_the_next_morning(world):
    case = open_case(world, now=TUESDAY_23)
    assert case.key_kind == "night_key"  # R2
    loan = sign_out(world, world.karin_night_key, case=case, now=TUESDAY_23)
    assert loan.due_back_at == datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


def test_it_rejects_a_key_signed_out_twice_with_who_has_it_and_since_when(world, unchanged):
    sign_out(world, reason="Besök hos Karin")
    state = unchanged()
    with pytest.raises(LoanError) as refused:
        sign_out(world, by=world.kim, now=LATER, reason="Också")
    assert refused.value.status == 409
    assert refused.value.message == "Nyckeln K-1 är redan utlånad till Anna sedan kl. 10:00."
    state.check()


def test_a_double_submit_with_the_same_token_signs_out_once(world):
    first = sign_out(world, reason="Besök", token="t-1")
    again = sign_out(world, reason="Besök", token="t-1", now=LATER)
    assert again == first and KeyLoan.objects.count() == 1


def test_it_rejects_a_loan_without_a_case_or_a_reason(world, unchanged):
    state = unchanged()
    with pytest.raises(LoanError) as refused:
        sign_out(world, reason="  ")
    assert (refused.value.status, refused.value.field) == (422, "reason")
    state.check()


def test_it_rejects_a_key_of_another_client_for_the_case(world, unchanged):
    case = open_case(world)
    state = unchanged()
    with pytest.raises(LoanError) as refused:
        sign_out(world, world.bengt_unit_key, case=case)
    assert (refused.value.status, refused.value.field) == (422, "key")
    state.check()


def test_it_rejects_a_due_time_in_the_past_or_too_far_ahead(world, unchanged):
    state = unchanged()
    for due in (TUESDAY_10, TUESDAY_10 + timedelta(days=8)):
        with pytest.raises(LoanError) as refused:
            sign_out(world, reason="Besök", due_back_at=due)
        assert refused.value.field == "due_back"
    state.check()


def test_it_refuses_to_sign_out_for_a_case_that_works_again(world, unchanged):
    case = open_case(world)
    case_restore(case=case, by=world.kim, now=TUESDAY_10)
    state = unchanged()
    with pytest.raises(LoanError) as refused:
        sign_out(world, case=case, now=LATER)
    assert refused.value.status == 409
    state.check()


def test_signing_out_after_fetch_key_is_done_does_not_fail(world):
    case = open_case(world)
    loan = sign_out(world, case=case)
    key_return(loan=loan, by=world.anna, now=LATER)
    second = sign_out(world, case=case, now=LATER + timedelta(minutes=5))
    assert second.is_open
    assert case.steps.get(code="fetch_key").done_at == TUESDAY_10


def test_a_hand_over_records_both_sides_and_keeps_the_due_time(world):
    case = open_case(world)
    loan = sign_out(world, case=case)
    key_hand_over(loan=loan, by=world.anna, to=world.kim, now=LATER)
    loan.refresh_from_db()
    assert loan.holder == world.kim
    assert loan.due_back_at == datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    event = loan.events.get(kind="handed_over")
    assert (event.from_user, event.to_user, event.actor, event.at) == (
        world.anna,
        world.kim,
        world.anna,
        LATER,
    )
    assert case.timeline.get(kind="key_handed_over").text == "K-1: Anna → Kim"


def test_it_rejects_a_hand_over_to_someone_outside_the_unit(world, unchanged):
    loan = sign_out(world, reason="Besök")
    state = unchanged()
    for outsider in (world.otto, world.lars, world.anna):
        with pytest.raises(LoanError) as refused:
            key_hand_over(loan=loan, by=world.anna, to=outsider, now=LATER)
        assert (refused.value.status, refused.value.field) == (422, "to")
    state.check()


def test_the_night_patrol_may_take_over_a_night_key(world):
    loan = sign_out(world, world.karin_night_key, reason="Nattbesök", now=TUESDAY_23)
    key_hand_over(loan=loan, by=world.anna, to=world.nils, now=TUESDAY_23)
    loan.refresh_from_db()
    assert loan.holder == world.nils


def test_a_return_by_someone_else_is_recorded_as_such(world):
    case = open_case(world)
    loan = sign_out(world, case=case)
    key_return(loan=loan, by=world.kim, now=LATER)
    loan.refresh_from_db()
    assert (loan.returned_by, loan.returned_at, loan.returned_to) == (
        world.kim,
        LATER,
        world.tumba_cabinet,
    )
    event = loan.events.get(kind="returned")
    # The holder was Anna; Kim put the key back for her.
    assert (event.actor, event.from_user, event.place) == (
        world.kim,
        world.anna,
        world.tumba_cabinet,
    )
    audit = AuditEntry.objects.get(action="key.return")
    assert audit.actor == world.kim and audit.detail["holder"] == world.anna.pk
    assert case.timeline.filter(kind="key_returned", actor=world.kim).exists()


def test_a_key_may_be_returned_to_another_place(world):
    loan = sign_out(world, reason="Besök")
    key_return(loan=loan, by=world.anna, now=LATER, place=world.service_house)
    loan.refresh_from_db()
    assert loan.returned_to == world.service_house


def test_it_rejects_a_second_return_and_changes_nothing(world, unchanged):
    loan = sign_out(world, reason="Besök")
    key_return(loan=loan, by=world.anna, now=LATER)
    state = unchanged()
    with pytest.raises(LoanError) as refused:
        key_return(loan=loan, by=world.kim, now=LATER + timedelta(minutes=1))
    assert refused.value.status == 409
    assert refused.value.message == "Nyckeln K-1 lämnades redan tillbaka kl. 11:00 av Anna."
    state.check()


def test_a_returned_key_can_be_signed_out_again(world):
    loan = sign_out(world, reason="Besök")
    key_return(loan=loan, by=world.anna, now=LATER)
    again = sign_out(world, by=world.kim, reason="Besök igen", now=LATER + timedelta(minutes=1))
    assert again.holder == world.kim and KeyLoan.objects.count() == 2


def test_a_case_with_a_key_out_cannot_close(world):
    case = open_case(world)
    loan = sign_out(world, case=case)
    case_restore(case=case, by=world.kim, now=LATER)
    with pytest.raises(CaseError) as refused, translation.override("en"):
        case_close(case=case, by=world.kim, now=LATER)
    assert refused.value.status == 409
    assert refused.value.message == "A key of this case is still out: return it first."
    case.refresh_from_db()
    assert case.status == "restored"
    key_return(loan=loan, by=world.anna, now=LATER)
    case_close(case=case, by=world.kim, now=LATER)
    case.refresh_from_db()
    assert case.status == "closed"


def test_it_rejects_a_token_already_used_for_another_key(world, unchanged):
    sign_out(world, reason="Besök", token="t-9")
    state = unchanged()
    with pytest.raises(LoanError) as refused:
        sign_out(world, world.karin_night_key, reason="Besök", token="t-9")
    assert (refused.value.status, refused.value.field) == (422, "token")
    state.check()
