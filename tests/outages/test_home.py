"""The home page points the right people at a major outage (R11) and its deviation report (R15)."""

from django.contrib.auth.models import User
from django.test import Client as HttpClient

from tests.conftest import World
from tests.outages.conftest import NOW, make_area, minutes, work
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import outage_deviation_reported, outage_restore


def home(user: User) -> str:
    http = HttpClient()
    http.force_login(user)
    return http.get("/").content.decode()


def test_the_alarm_group_and_the_managers_see_the_ongoing_outage(world: World, maja: User) -> None:
    make_area("Storby", 12, world.tumba, silent_at=NOW)
    work(NOW)
    outage = MajorOutage.objects.get()
    # #13: Tumba's coordinator and care worker see it too: their unit is in it.
    for user in (world.lars, maja, world.ulla, world.olof, world.kim, world.anna):
        assert f"/outages/{outage.pk}/" in home(user), user
    assert f"/outages/{outage.pk}/" not in home(world.otto)


def test_the_operations_manager_is_asked_for_the_deviation_until_it_is_reported(
    world: World, maja: User
) -> None:
    make_area("Storby", 12, world.tumba, silent_at=NOW)
    work(NOW)
    outage = MajorOutage.objects.get()
    outage_restore(outage=outage, by=maja, now=NOW + minutes(30))
    deviation = f"/outages/{outage.pk}/#deviation"
    assert deviation in home(world.olof)
    assert deviation not in home(maja)  # R15: the operations manager's task
    outage_deviation_reported(outage=outage, by=world.olof, reference="AV-7", now=NOW)
    assert deviation not in home(world.olof)


def test_the_administrator_reads_outages_and_battery_tasks_in_the_admin(
    world: World, maja: User
) -> None:
    make_area("Storby", 12, world.tumba, silent_at=NOW)
    work(NOW)
    world.adam.is_staff = world.adam.is_superuser = True
    world.adam.save()
    http = HttpClient()
    http.force_login(world.adam)
    outage = MajorOutage.objects.get()
    assert http.get("/admin/outages/majoroutage/").status_code == 200
    assert http.get(f"/admin/outages/majoroutage/{outage.pk}/change/").status_code == 200
    assert http.get("/admin/outages/batterytask/").status_code == 200
