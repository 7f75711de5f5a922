"""The admin site is audited: what an administrator reads, searches and changes there."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client as HttpClient

from tests.conftest import World
from vredvakt.audit.models import AuditEntry


@pytest.fixture
def root(db: None) -> User:
    return User.objects.create_superuser("root", "root@vredvakt.test", "pw-for-root-only")


@pytest.fixture
def admin_http(root: User) -> HttpClient:
    http = HttpClient(REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox/128")
    http.force_login(root)
    return http


def entries(action: str, obj: Any) -> list[AuditEntry]:
    found = AuditEntry.objects.filter(action=action, object_id=str(obj.pk)).order_by("seq")
    return list(found)


def test_opening_a_client_in_the_admin_is_a_read(world: World, admin_http, root) -> None:
    page = admin_http.get(f"/admin/clients/client/{world.karin.pk}/change/")
    assert page.status_code == 200
    [entry] = entries("client.read", world.karin)
    assert (entry.actor, entry.via, entry.detail) == (root, "admin", {"admin": "change"})
    assert (entry.ip, entry.user_agent) == ("10.1.2.3", "Firefox/128")


def test_searching_the_client_list_records_each_client_shown(world: World, admin_http) -> None:
    page = admin_http.get("/admin/clients/client/", {"q": "Lund"})
    assert page.status_code == 200 and "Lund" in page.text
    [entry] = entries("client.read", world.karin)
    assert entry.detail == {"admin": "list", "search": "Lund"}
    assert not entries("client.read", world.bengt)


def test_changing_a_client_in_the_admin_records_old_and_new_values(
    world: World, admin_http, root
) -> None:
    url = f"/admin/clients/client/{world.karin.pk}/change/"
    form = admin_http.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"street_address": "Storgatan 4", "contact_notes": "Nyckel hos grannen"}
    data |= {
        f"care_decisions-{k}": v for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
    }
    response = admin_http.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    [entry] = entries("client.update", world.karin)
    assert (entry.actor, entry.via) == (root, "admin")
    assert entry.changes == {
        "street_address": ["Lundgatan 4", "Storgatan 4"],
        "contact_notes": ["", "Nyckel hos grannen"],
    }


def test_deleting_a_key_in_the_admin_records_what_it_held(world: World, admin_http) -> None:
    key = world.bengt_unit_key
    response = admin_http.post(f"/admin/keys/key/{key.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    [entry] = entries("key.delete", key)
    assert entry.changes["code"] == ["K-2", None]
    assert entry.changes["client_id"] == [world.bengt.pk, None]


def test_a_users_password_never_reaches_the_log(world: World, admin_http) -> None:
    admin_http.get(f"/admin/auth/user/{world.kim.pk}/change/")
    assert entries("user.read", world.kim)
    response = admin_http.post(
        f"/admin/auth/user/{world.kim.pk}/password/",
        {"password1": "a much longer secret 9", "password2": "a much longer secret 9"},
    )
    assert response.status_code == 302
    assert entries("user.password_change", world.kim)
    assert "a much longer secret" not in str(list(AuditEntry.objects.values_list("changes")))


def test_a_new_users_password_never_reaches_the_log(world: World, admin_http) -> None:
    response = admin_http.post(
        "/admin/auth/user/add/",
        {
            "username": "vikarie",
            "password1": "a much longer secret 9",
            "password2": "a much longer secret 9",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="vikarie")
    [entry] = entries("user.create", user)
    assert entry.changes["username"] == [None, "vikarie"]
    assert "a much longer secret" not in str(list(AuditEntry.objects.values_list("changes")))
