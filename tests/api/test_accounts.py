"""/me, /units and /memberships."""

import pytest

from tests.api.conftest import details
from vredvakt.accounts.models import Membership, Role, Unit
from vredvakt.audit.models import AuditEntry

NEW_UNIT = {"code": "storvreten", "name": "Enhet Storvreten", "kind": "home_care"}


def test_me_tells_who_i_am_and_what_i_do(world, api_as):
    body = api_as(world.otto).get("/me").json()

    assert body["username"] == "otto"
    assert body["roles"] == ["care_worker", "coordinator"]
    assert {m["unit"]["code"] for m in body["memberships"]} == {"alby"}
    assert (body["is_administrator"], body["sees_all_units"]) == (False, False)


def test_me_shows_an_administrator_as_one(world, api_as):
    body = api_as(world.adam).get("/me").json()

    assert (body["is_administrator"], body["sees_all_units"]) == (True, True)


def test_everyone_signed_in_sees_the_units(world, api_as):
    response = api_as(world.anna).get("/units", kind="home_care")

    assert [unit["code"] for unit in response.json()["items"]] == ["alby", "tumba"]
    assert api_as(world.anna).get(f"/units/{world.alby.pk}").json()["provider"] == "external"


def test_an_administrator_adds_and_renames_a_unit(world, api_as):
    adam = api_as(world.adam)

    created = adam.post("/units", NEW_UNIT)
    renamed = adam.patch(f"/units/{created.json()['id']}", {"name": "Enhet Storvreten Syd"})

    assert (created.status_code, renamed.status_code) == (201, 200)
    unit = Unit.objects.get(code="storvreten")
    assert (unit.name, unit.provider) == ("Enhet Storvreten Syd", "internal")
    assert AuditEntry.objects.filter(action__startswith="unit.").count() == 2


@pytest.mark.parametrize("persona", ["kim", "ulla", "olof"])
def test_only_administrators_change_units(world, api_as, unchanged, persona):
    user = api_as(getattr(world, persona))
    state = unchanged()

    assert user.post("/units", NEW_UNIT).status_code == 403
    assert user.patch(f"/units/{world.tumba.pk}", {"name": "Tumba"}).status_code == 403
    state.check()


def test_it_refuses_a_duplicate_unit_with_409(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.adam).post("/units", {**NEW_UNIT, "name": "Enhet Tumba"})

    assert response.status_code == 409
    state.check()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "has space"}, "code"),
        ({"kind": "hospital"}, "kind"),
        ({"email": "not-an-address"}, "email"),
        ({"provider": None}, "provider"),
    ],
)
def test_it_rejects_bad_unit_fields_with_422(world, api_as, unchanged, body, field):
    state = unchanged()

    response = api_as(world.adam).post("/units", {**NEW_UNIT, **body})

    assert response.status_code == 422
    assert field in details(response)
    state.check()


def test_a_missing_unit_is_404(world, api_as):
    assert api_as(world.adam).patch("/units/999999", {"name": "x"}).status_code == 404


def test_others_see_only_their_own_memberships(world, api_as):
    items = api_as(world.kim).get("/memberships").json()["items"]

    assert [(m["username"], m["role"]) for m in items] == [("kim", "coordinator")]


def test_an_administrator_sees_and_filters_all_memberships(world, api_as):
    items = api_as(world.adam).get("/memberships", unit=world.tumba.pk).json()["items"]

    assert [m["username"] for m in items] == ["anna", "hanna", "kim", "ulla"]


def test_an_administrator_gives_and_takes_a_role(world, api_as):
    adam = api_as(world.adam)

    created = adam.post(
        "/memberships", {"user": world.anna.pk, "unit": world.tumba.pk, "role": "coordinator"}
    )
    assert created.status_code == 201
    assert Membership.objects.filter(user=world.anna, role=Role.COORDINATOR).exists()

    deleted = adam.delete(f"/memberships/{created.json()['id']}")
    assert deleted.status_code == 204
    assert not Membership.objects.filter(user=world.anna, role=Role.COORDINATOR).exists()
    actions = AuditEntry.objects.filter(action__startswith="membership.").values_list("action")
    assert sorted(a for (a,) in actions) == ["membership.create", "membership.delete"]


def test_a_coordinator_cannot_give_or_take_roles(world, api_as, unchanged):
    kim = api_as(world.kim)
    own = Membership.objects.get(user=world.kim)
    someone_elses = Membership.objects.get(user=world.anna)
    state = unchanged()

    given = kim.post(
        "/memberships", {"user": world.kim.pk, "unit": world.alby.pk, "role": "administrator"}
    )
    taken_own = kim.delete(f"/memberships/{own.pk}")
    taken_other = kim.delete(f"/memberships/{someone_elses.pk}")

    assert (given.status_code, taken_own.status_code, taken_other.status_code) == (403, 403, 404)
    state.check()


def test_it_refuses_the_same_role_twice_with_409(world, api_as, unchanged):
    state = unchanged()

    response = api_as(world.adam).post(
        "/memberships", {"user": world.kim.pk, "unit": world.tumba.pk, "role": "coordinator"}
    )

    assert response.status_code == 409
    state.check()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user": 999999}, "user"),
        ({"unit": 999999}, "unit"),
        ({"role": "boss"}, "role"),
    ],
)
def test_it_rejects_bad_memberships_with_422(world, api_as, unchanged, body, field):
    good = {"user": world.anna.pk, "unit": world.tumba.pk, "role": "coordinator"}
    state = unchanged()

    response = api_as(world.adam).post("/memberships", {**good, **body})

    assert response.status_code == 422
    assert details(response) == [field]
    state.check()
