"""One reading of where a request came from, for the audit trail and every limit.

Behind the nginx of deploy/, REMOTE_ADDR is nginx itself (gunicorn does not
rewrite it): with TRUSTED_PROXY_COUNT=1 the client's address is the entry nginx
appended to X-Forwarded-For (docs/security.md, "The address").
"""

import pytest
from django.test import Client as HttpClient

from tests.conftest import PASSWORD
from vredvakt.audit.models import AuditEntry

PROXY = "127.0.0.1"  # nginx on the same machine


def behind_proxy(forwarded_for: str) -> HttpClient:
    return HttpClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def change_karins_street(http: HttpClient, world) -> AuditEntry:
    http.force_login(world.kim)
    response = http.patch(
        f"/api/v1/clients/{world.karin.pk}",
        {"street_address": "Storgatan 4"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return AuditEntry.objects.get(action="client.update")


def test_behind_our_proxy_a_change_records_the_address_it_forwarded(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote the first entry itself; our proxy appended the real one.
    entry = change_karins_street(behind_proxy("6.6.6.6, 192.0.2.7"), world)
    assert entry.ip == "192.0.2.7"


def test_without_a_trusted_proxy_a_change_records_the_peer(world, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    entry = change_karins_street(behind_proxy("192.0.2.7"), world)
    assert entry.ip == PROXY


@pytest.mark.parametrize(
    "forwarded_for",
    ["x" * 200 + ", 192.0.2.7", "not-an-address, 192.0.2.7", "192.0.2.7"],
    ids=["200 characters", "a word", "fewer entries than proxies"],
)
def test_an_entry_that_is_no_address_records_the_peer_and_the_change_still_saves(
    world, settings, forwarded_for
):
    # Two proxies counted where there is one: the entry read is the client's own.
    # PostgreSQL refused 200 characters in the 45 of the audit's column.
    settings.TRUSTED_PROXY_COUNT = 2
    entry = change_karins_street(behind_proxy(forwarded_for), world)
    assert entry.ip == PROXY
    world.karin.refresh_from_db()
    assert world.karin.street_address == "Storgatan 4"


def test_a_failed_sign_in_records_one_address_in_its_row_and_its_detail(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    behind_proxy("192.0.2.7").post("/login/", {"username": "anna", "password": "guess"})
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert (entry.ip, entry.detail["ip"]) == ("192.0.2.7", "192.0.2.7")


def test_behind_our_proxy_each_address_has_its_own_sign_in_limit(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMIT_LOGIN = 1
    office = behind_proxy("192.0.2.7")
    office.post("/login/", {"username": "kim", "password": "wrong"})
    assert office.post("/login/", {"username": "kim", "password": PASSWORD}).status_code == 429

    # Kim at home, through the same proxy: her home address has its own count.
    home = behind_proxy("198.51.100.4")
    assert home.post("/login/", {"username": "kim", "password": PASSWORD}).status_code == 302


def test_a_nul_in_the_user_agent_is_left_out_and_the_client_list_still_opens(world):
    # gunicorn refuses it; another WSGI server might not, and PostgreSQL refused
    # the audit row of the read, which took the page down with it.
    http = HttpClient(HTTP_USER_AGENT="Mozilla\x00/5.0")
    http.force_login(world.kim)
    assert http.get("/clients/").status_code == 200
    read = AuditEntry.objects.order_by("-seq").first()
    assert read is not None and read.user_agent == "Mozilla/5.0"
