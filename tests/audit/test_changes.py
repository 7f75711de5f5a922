"""Changes of client data record old and new values, and where the request came from."""

from datetime import UTC, date, datetime

from django.test import Client as HttpClient

from tests.conftest import World
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.services import care_decision_update, client_update

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PHONE = "Mozilla/5.0 (Linux; Android 13; SM-A135F) Mobile"


def test_a_client_change_records_old_and_new_values(world: World) -> None:
    client_update(
        actor=world.kim,
        client=world.karin,
        changes={"street_address": "Storgatan 4", "contact_notes": "Ring på två gånger"},
        via="cli",
        now=NOW,
    )
    entry = AuditEntry.objects.get(action="client.update")
    assert entry.changes == {
        "street_address": ["Lundgatan 4", "Storgatan 4"],
        "contact_notes": ["", "Ring på två gånger"],
    }
    assert (entry.ip, entry.user_agent) == ("", "")


def test_a_move_records_the_units_and_a_decision_its_dates_as_text(world: World) -> None:
    client_update(
        actor=world.olof, client=world.karin, changes={"unit": world.alby}, via="cli", now=NOW
    )
    moved = AuditEntry.objects.get(action="client.update")
    assert moved.changes == {"unit": [world.tumba.pk, world.alby.pk]}
    decision = world.karin.care_decisions.get()
    care_decision_update(
        actor=world.hanna,
        decision=decision,
        changes={"valid_until": date(2026, 6, 30)},
        via="cli",
        now=NOW,
    )
    entry = AuditEntry.objects.get(action="care_decision.update")
    assert entry.changes == {"valid_until": ["2027-12-31", "2026-06-30"]}


def test_a_change_over_http_records_the_ip_address_and_user_agent(world: World) -> None:
    http = HttpClient(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="10.20.30.40")
    http.force_login(world.kim)
    response = http.patch(
        f"/api/v1/clients/{world.karin.pk}",
        {"street_address": "Storgatan 4"},
        content_type="application/json",
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="client.update")
    assert (entry.ip, entry.user_agent, entry.via) == ("10.20.30.40", PHONE, "api")
    assert entry.changes == {"street_address": ["Lundgatan 4", "Storgatan 4"]}
    # The next write, outside any request, records no origin.
    client_update(
        actor=world.kim, client=world.karin, changes={"city": "Hallunda"}, via="cli", now=NOW
    )
    assert AuditEntry.objects.order_by("-seq").first().ip == ""  # type: ignore[union-attr]
