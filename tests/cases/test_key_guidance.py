"""Which key, and where, follows the shift of whoever asks now (R1, R2; #12).

A case opened at 10:00 keeps its `key_kind` (the record of the shift it opened
in); the page, the key panel's sign-out and the API guide by the moment of asking.
"""

from datetime import UTC, datetime, time

import pytest
import time_machine

from vredvakt.cases.services.opening import case_open
from vredvakt.routine.parameters import RoutineParameters

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
TUESDAY_23 = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)  # 23:00


def opened_by_day(world):
    return case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=TUESDAY_10,
    ).case


def page(client, user, url, when):
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def guidance(client, user, case, when):
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        return client.get(f"/api/v1/cases/{case.pk}").json()["key_guidance"]


def test_the_case_page_shows_the_unit_key_at_10_and_the_night_key_at_23(client, world):
    case = opened_by_day(world)

    by_day = page(client, world.kim, f"/cases/{case.pk}/", TUESDAY_10)
    at_night = page(client, world.nils, f"/cases/{case.pk}/", TUESDAY_23)

    assert "K-1" in by_day and "Nyckelskåpet Tumba" in by_day  # R1
    assert "N-1" in at_night and "Orrens servicehus" in at_night and "N14" in at_night  # R2
    assert "Nyckelskåpet Tumba" not in at_night
    case.refresh_from_db()
    assert case.key_kind == "unit_key"  # the record of the opening shift stays


def test_the_sign_out_offers_the_key_of_the_moment(client, world):
    case = opened_by_day(world)

    at_night = page(client, world.nils, f"/cases/{case.pk}/", TUESDAY_23)

    assert f'name="key" value="{world.karin_night_key.pk}"' in at_night
    assert f'name="key" value="{world.karin_unit_key.pk}"' not in at_night


def test_the_api_guides_by_the_moment_of_asking(client, world):
    case = opened_by_day(world)

    assert guidance(client, world.kim, case, TUESDAY_10) == {
        "key_kind": "unit_key",
        "key": {"code": "K-1", "hook": "14", "place": "Nyckelskåpet Tumba"},
    }
    assert guidance(client, world.kim, case, TUESDAY_23) == {
        "key_kind": "night_key",
        "key": {"code": "N-1", "hook": "N14", "place": "Orrens servicehus"},
    }


@pytest.mark.parametrize(
    ("when", "kind"),
    [
        (datetime(2026, 11, 24, 20, 59, tzinfo=UTC), "unit_key"),  # 21:59: still the day shift
        (datetime(2026, 11, 24, 21, 0, tzinfo=UTC), "night_key"),  # 22:00: the night shift
        (datetime(2026, 11, 25, 5, 59, tzinfo=UTC), "night_key"),  # 06:59
        (datetime(2026, 11, 25, 6, 0, tzinfo=UTC), "unit_key"),  # 07:00
        (datetime(2026, 11, 28, 23, 30, tzinfo=UTC), "night_key"),  # Sunday 00:30
        (datetime(2027, 3, 28, 5, 0, tzinfo=UTC), "unit_key"),  # DST day: 07:00 CEST
        (datetime(2027, 3, 28, 4, 59, tzinfo=UTC), "night_key"),  # DST day: 06:59 CEST
    ],
)
def test_the_shift_boundaries_decide_the_key(client, world, when, kind):
    case = opened_by_day(world)

    assert guidance(client, world.kim, case, when)["key_kind"] == kind


def test_the_shift_hours_of_the_routine_in_force_decide(client, world):
    # R16: shift hours are the routine version's; a night starting at 21:00.
    world.routine.parameters = RoutineParameters(night_starts=time(21, 0)).to_json()
    world.routine.save()
    case = opened_by_day(world)

    at_2130 = guidance(client, world.kim, case, datetime(2026, 11, 24, 20, 30, tzinfo=UTC))

    assert at_2130["key"]["code"] == "N-1"


def test_the_reported_page_tells_a_late_reporter_the_night_key(client, world):
    case = opened_by_day(world)  # Anna reported at 10:00; the lock is still broken at 23:00

    what_now = page(client, world.anna, f"/cases/{case.pk}/reported/", TUESDAY_23)

    assert "N-1" in what_now and "Orrens servicehus" in what_now
