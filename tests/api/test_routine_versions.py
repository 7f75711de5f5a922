"""/routine-versions (R16): decided, valid at most 5 years, parameters the routine knows."""

from datetime import date, datetime

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient

from tests.api.conftest import details
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion

# These tests set up the routine versions they are about (R16).
pytestmark = pytest.mark.usefixtures("no_routine")


def at(moment: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(moment), tick=False)


def version_2020(**changes: object) -> RoutineVersion:
    fields = {
        "code": "2020:1",
        "title": "Elektroniska låsvred ur funktion – driftstopp",
        "decided_by": "Socialnämnden",
        "decided_on": date(2020, 12, 21),
        "valid_from": date(2020, 12, 21),
        "valid_until": date(2025, 12, 21),
        "owner": "Verksamhetschef hemtjänst",
    }
    return RoutineVersion.objects.create(**{**fields, **changes})


def new_version(**changes: object) -> dict[str, object]:
    body = {
        "code": "2026:1",
        "title": "Elektroniska låsvred ur funktion – driftstopp",
        "decided_by": "Socialnämnden",
        "decided_on": "2026-11-30",
        "valid_from": "2026-12-01",
        "valid_until": "2030-11-30",
        "owner": "Verksamhetschef hemtjänst",
        "owner_email": "vc@kommun.test",
        "parameters": {"night_patrol_deadline": "16:30"},
    }
    return {**body, **changes}


def test_current_shows_the_routine_in_force_and_that_it_expired(world, api_as):
    version = version_2020()
    with at("2026-06-01T12:00:00+02:00"):
        body = api_as(world.anna).get("/routine-versions/current").json()

    assert (body["id"], body["expired"]) == (version.pk, True)


def test_current_is_not_expired_on_its_last_day_in_stockholm(world, api_as):
    version_2020()
    with at("2025-12-21T22:30:00+00:00"):  # 23:30 in Stockholm, the last valid day
        body = api_as(world.anna).get("/routine-versions/current").json()

    assert body["expired"] is False


def test_current_is_404_when_no_routine_has_started(world, api_as):
    assert api_as(world.anna).get("/routine-versions/current").status_code == 404


def test_an_administrator_records_a_new_version_that_replaces_the_old(world, api_as):
    old = version_2020()

    response = api_as(world.adam).post("/routine-versions", new_version(replaces=old.pk))

    assert response.status_code == 201
    version = RoutineVersion.objects.get(code="2026:1")
    assert version.replaces == old
    assert version.params.night_patrol_deadline.strftime("%H:%M") == "16:30"
    # Every parameter is stored, so a later change of a default cannot change this version.
    assert set(version.parameters) == set(RoutineParameters().to_json())
    listed = api_as(world.kim).get("/routine-versions").json()["items"]
    assert [v["code"] for v in listed] == ["2026:1", "2020:1"]


@pytest.mark.parametrize("persona", ["kim", "ulla", "olof"])
def test_only_administrators_record_versions(world, api_as, unchanged, persona):
    state = unchanged()

    response = api_as(getattr(world, persona)).post("/routine-versions", new_version())

    assert response.status_code == 403
    state.check()


def test_it_refuses_a_version_valid_longer_than_5_years_r16(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.adam).post("/routine-versions", new_version(valid_until="2031-12-01"))

    assert response.status_code == 422
    assert details(response) == ["valid_until"]
    assert "2031-11-30" in response.json()["detail"][0]["msg"]
    state.check()


def test_exactly_5_years_is_allowed_r16(world, api_as):
    response = api_as(world.adam).post("/routine-versions", new_version(valid_until="2031-11-30"))

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"parameters": {"night_patrol_deadline": "late"}}, "parameters"),
        ({"parameters": {"no_such_parameter": 1}}, "parameters"),
        ({"parameters": {"decision_warning_days": 0}}, "parameters"),
        ({"parameters": ["not", "an", "object"]}, "parameters"),
        ({"valid_until": "2026-11-30"}, "valid_until"),
        ({"valid_from": "2031-01-01"}, "valid_until"),
        ({"replaces": 999999}, "replaces"),
        ({"owner": ""}, "owner"),
        ({"decided_on": "yesterday"}, "decided_on"),
    ],
)
def test_it_rejects_bad_versions_with_422(world, api_as, unchanged, body, field):
    state = unchanged()

    response = api_as(world.adam).post("/routine-versions", new_version(**body))

    assert response.status_code == 422
    assert field in details(response)
    state.check()


def test_it_refuses_a_duplicate_version_code_with_409(world, api_as, unchanged):
    version_2020()
    state = unchanged()

    response = api_as(world.adam).post("/routine-versions", new_version(code="2020:1"))

    assert response.status_code == 409
    state.check()


def test_the_model_refuses_more_than_5_years_and_bad_parameters(db):
    version = RoutineVersion(
        code="x",
        title="x",
        decided_by="x",
        decided_on=date(2024, 2, 29),
        valid_from=date(2024, 3, 1),
        valid_until=date(2029, 3, 1),
        owner="x",
        parameters={"night_starts": "06:00"},
    )

    with pytest.raises(ValidationError) as refused:
        version.full_clean()

    assert set(refused.value.message_dict) == {"valid_until", "parameters"}
    version.valid_until = date(2029, 2, 28)  # decided on a leap day: 28 February
    version.parameters = RoutineParameters().to_json()
    version.full_clean()


def test_the_admin_form_enforces_r16_too(world, unchanged):
    world.adam.is_staff = world.adam.is_superuser = True
    world.adam.save()
    http = HttpClient()
    http.force_login(world.adam)
    assert RoutineVersion in site._registry
    form = {
        "code": "2026:1",
        "title": "Rutin",
        "decided_by": "Socialnämnden",
        "decided_on": "2026-11-30",
        "valid_from": "2026-12-01",
        "valid_until": "2032-01-01",
        "owner": "Verksamhetschef",
        "parameters": "{}",
    }
    state = unchanged()

    response = http.post("/admin/routine_versions/routineversion/add/", form)

    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors["valid_until"]
    state.check()


# #12: the working hours are parameters like the others


def test_a_version_stored_before_the_working_hours_shows_them_with_their_defaults(world, api_as):
    version_2020()  # stored with the parameters of its day: no working hours in it
    with at("2025-06-01T12:00:00+02:00"):
        body = api_as(world.anna).get("/routine-versions/current").json()

    hours = {
        key: body["parameters"][key] for key in ("coordinator_day_starts", "coordinator_day_ends")
    }
    assert hours == {"coordinator_day_starts": "07:00", "coordinator_day_ends": "17:00"}
    assert body["parameters"]["alarm_group_day_ends"] == "16:00"


def test_an_administrator_records_the_working_hours(world, api_as):
    hours = {"coordinator_day_starts": "07:30", "coordinator_day_ends": "16:30"}
    response = api_as(world.adam).post("/routine-versions", new_version(parameters=hours))

    assert response.status_code == 201
    assert response.json()["parameters"]["coordinator_day_ends"] == "16:30"
    params = RoutineVersion.objects.get(code="2026:1").params
    assert params.coordinator_day_ends.strftime("%H:%M") == "16:30"


def test_it_refuses_a_coordinators_day_that_ends_before_it_starts(world, api_as, unchanged):
    state = unchanged()
    hours = {"coordinator_day_starts": "17:00", "coordinator_day_ends": "07:00"}

    response = api_as(world.adam).post("/routine-versions", new_version(parameters=hours))

    assert response.status_code == 422
    state.check()


def test_the_admin_lists_each_versions_working_hours(world):
    world.adam.is_staff = world.adam.is_superuser = True
    world.adam.save()
    version_2020()
    http = HttpClient()
    http.force_login(world.adam)

    page = http.get("/admin/routine_versions/routineversion/").content.decode()

    assert "koordinatorer 07:00–17:00 · larmgrupp 08:00–16:00" in page


def test_the_admin_lists_each_versions_shortest_key_loan(world):
    # #13, R5: a version stored before the parameter runs with the default 2 hours.
    world.adam.is_staff = world.adam.is_superuser = True
    world.adam.save()
    version_2020()
    http = HttpClient()
    http.force_login(world.adam)

    page = http.get("/admin/routine_versions/routineversion/").content.decode()

    assert "kortaste nyckellån" in page.lower()
    assert "120 min" in page


def test_an_administrator_records_the_shortest_key_loan(world, api_as):
    response = api_as(world.adam).post(
        "/routine-versions", new_version(parameters={"key_loan_min_minutes": 90})
    )

    assert response.status_code == 201
    assert response.json()["parameters"]["key_loan_min_minutes"] == 90
    assert RoutineVersion.objects.get(code="2026:1").params.key_loan_min_minutes == 90


def test_it_refuses_a_key_loan_minimum_longer_than_a_shift(world, api_as, unchanged):
    state = unchanged()
    response = api_as(world.adam).post(
        "/routine-versions", new_version(parameters={"key_loan_min_minutes": 24 * 60})
    )

    assert response.status_code == 422
    state.check()
