"""The roster page: unit managers plan their own units, administrators every unit (#12)."""

from django.test import Client as HttpClient

from tests.conftest import PASSWORD
from tests.oncall.conftest import local
from vredvakt.audit.models import AuditEntry
from vredvakt.oncall.models import OnCallException, OnCallSlot


def login(user) -> HttpClient:
    http = HttpClient()
    assert http.login(username=user.username, password=PASSWORD)
    return http


def test_the_unit_manager_sees_the_week_and_who_is_on_call(world, tumba_roster):
    http = login(world.ulla)
    response = http.get("/oncall/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Berit" in page and "17:00" in page


def test_a_care_worker_gets_nothing(world, tumba_roster):
    http = login(world.anna)
    assert http.get("/oncall/").status_code == 403
    assert http.get(f"/oncall/{world.tumba.pk}/").status_code == 404


def test_another_units_manager_gets_404(world, tumba_roster):
    from tests.conftest import make_user
    from vredvakt.accounts.models import Role

    alby_manager = make_user("agnes", (world.alby, Role.UNIT_MANAGER))
    http = login(alby_manager)
    assert http.get(f"/oncall/{world.tumba.pk}/").status_code == 404
    slot = OnCallSlot.objects.filter(unit=world.tumba).earliest("pk")
    url = f"/oncall/{world.tumba.pk}/periods/{slot.pk}/remove/"
    assert http.post(url).status_code == 404
    assert OnCallSlot.objects.filter(pk=slot.pk).exists()


def test_the_manager_adds_and_removes_an_exception(world, tumba_roster):
    http = login(world.ulla)
    form = {
        "person": world.kim.pk,
        "starts_at": "2026-12-24T07:00",
        "ends_at": "2026-12-24T17:00",
        "note": "Julafton",
    }
    response = http.post(f"/oncall/{world.tumba.pk}/exceptions/", form)
    assert response.status_code == 302
    exception = OnCallException.objects.get(unit=world.tumba)
    assert exception.starts_at == local(2026, 12, 24, 7) and exception.person == world.kim
    assert AuditEntry.objects.filter(action="oncall.exception_add", actor=world.ulla).exists()
    http.post(f"/oncall/{world.tumba.pk}/exceptions/{exception.pk}/remove/")
    assert not OnCallException.objects.exists()


def test_an_exception_that_ends_before_it_starts_is_refused(world, tumba_roster):
    form = {"person": world.kim.pk, "starts_at": "2026-12-24T17:00", "ends_at": "2026-12-24T07:00"}
    response = login(world.ulla).post(f"/oncall/{world.tumba.pk}/exceptions/", form)
    assert response.status_code == 400
    assert not OnCallException.objects.exists()


def test_the_manager_sets_a_period_and_an_overlap_is_refused(world, tumba_roster):
    http = login(world.ulla)
    friday = {
        "person": world.kim.pk,
        "weekday": 4,
        "starts": "17:00",
        "end_weekday": 0,
        "ends": "07:00",
    }
    assert http.post(f"/oncall/{world.tumba.pk}/periods/", friday).status_code == 302
    assert OnCallSlot.objects.get(unit=world.tumba, weekday=4).person == world.kim
    overlap = {
        "person": world.kim.pk,
        "weekday": 5,
        "starts": "12:00",
        "end_weekday": 5,
        "ends": "18:00",
    }
    response = http.post(f"/oncall/{world.tumba.pk}/periods/", overlap)
    assert response.status_code == 400
    assert not OnCallSlot.objects.filter(unit=world.tumba, weekday=5).exists()


def test_the_administrator_plans_every_unit(world, tumba_roster):
    http = login(world.adam)
    assert http.get("/oncall/").status_code == 200
    assert http.get(f"/oncall/{world.alby.pk}/").status_code == 200
