"""Adam, the administrator: the registry in /admin/ and the CSV import at /import/."""

from tests.demo_day.browser import Api, Browser
from tests.demo_day.municipality import door_of

REGISTERS = (
    "accounts/unit",
    "auth/user",
    "clients/client",
    "clients/caredecision",
    "locks/lock",
    "keys/key",
    "keys/keystorage",
    "routine_versions/routineversion",
)


def test_the_administrator_keeps_the_registry_with_a_case_running(tuesday_morning):
    door = door_of("norra")
    case = Api.with_token("anna").post("/cases", {"client": door.client.pk}, expect=201)
    adam = Browser("adam")
    home = adam.get("/")
    assert {"/admin/", "/import/"} <= home.links()
    admin = adam.get("/admin/")
    registers = [f"/admin/{name}/" for name in REGISTERS]
    assert set(registers) <= admin.links()
    for register in registers:
        adam.get(register)
    clients = adam.get("/admin/clients/client/", q=door.client.last_name)
    assert door.client.reference in clients.text
    adam.get(f"/admin/clients/client/{door.client.pk}/change/")
    adam.get(f"/admin/keys/key/{door.unit_key.pk}/change/")
    assert case["routine_version"] == "2025:1"
    upload = adam.get("/import/")
    assert upload.has_form("/import/run/")


def test_staff_do_not_reach_the_administration(tuesday_morning):
    anna = Browser("anna")
    assert anna.http.get("/admin/")["Location"].startswith("/admin/login/")
    anna.get("/import/", expect=403)
