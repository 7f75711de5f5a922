"""The demo municipality has an on-call roster, with one night left empty to show a gap (#12)."""

from datetime import date

from django.contrib.auth.models import User

from tests.oncall.conftest import TUESDAY, local
from vredvakt.accounts.models import Unit
from vredvakt.demo.services import demo_data_load
from vredvakt.oncall.roster import on_call_for, roster_gaps


def username(user: User | None) -> str:
    return user.get_username() if user is not None else ""


def test_the_demo_has_someone_on_call_on_nights_and_weekends(db):
    demo_data_load(today=date(2026, 11, 24), now=TUESDAY)
    norra = Unit.objects.get(code="norra")
    assert username(on_call_for(norra, local(2026, 11, 24, 23))) == "ulla"
    assert username(on_call_for(norra, local(2026, 11, 28, 12))) == "kim"
    assert on_call_for(norra, local(2026, 11, 24, 10)) is None  # office hours


def test_lindgarden_has_left_wednesday_night_empty(db):
    demo_data_load(today=date(2026, 11, 24), now=TUESDAY)
    lindgarden = Unit.objects.get(code="lindgarden")
    night = (local(2026, 11, 25, 17), local(2026, 11, 26, 7))
    assert roster_gaps(lindgarden, *night) == [night]
