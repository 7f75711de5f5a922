"""A client's data on request (GDPR art. 15, #14 item 7): all of theirs, nobody else's."""

import io
import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from vredvakt.audit.models import AuditEntry
from vredvakt.cases.services.opening import case_open
from vredvakt.keys.loans import key_sign_out
from vredvakt.locks.models import Integration, LockEvent

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def some_history(world) -> None:
    integration = Integration.objects.create(
        name="phoniro", vendor="Phoniro", secret="s", created_at=T0
    )
    for n, lock in enumerate((world.karin_lock, world.bengt_lock)):
        LockEvent.objects.create(
            integration=integration,
            event_id=f"e{n}",
            vendor_lock_id=lock.vendor_lock_id,
            lock=lock,
            type="heartbeat",
            at=T0,
            received_at=T0,
        )
    karins = case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        note="Karins dörr",
        now=T0,
    ).case
    key_sign_out(key=world.karin_unit_key, by=world.anna, case=karins, now=T0)
    case_open(
        client=world.bengt,
        kind="lock",
        source="care_worker",
        reported_by=world.otto,
        note="Bengts dörr",
        now=T0,
    )


def test_the_unit_manager_downloads_everything_about_the_client_and_nothing_else(world, client):
    some_history(world)
    client.force_login(world.ulla)

    with time_machine.travel(T0, tick=False):
        response = client.get(f"/data-protection/clients/{world.karin.pk}/export.json")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    text = response.content.decode()
    assert data["client"]["last_name"] == "Lund"
    assert [d["reference"] for d in data["care_decisions"]] == ["D-1"]
    assert [lock["vendor_lock_id"] for lock in data["locks"]] == ["PH-1"]
    assert data["locks"][0]["events"]["count"] == 1
    assert [key["code"] for key in data["keys"]] == ["K-1", "N-1"]
    assert len(data["key_loans"]) == 1
    (case,) = data["cases"]
    assert "Karins dörr" in [entry["text"] for entry in case["timeline"]]
    assert case["steps"]
    assert {e["object_type"] for e in data["audit_entries"]} >= {"cases.faultcase"}
    for other in ("Bengt", "Sjö", "Bengts dörr", "PH-2", "K-2"):
        assert other not in text
    assert AuditEntry.objects.filter(
        action="client.export", actor=world.ulla, object_id=str(world.karin.pk)
    ).exists()


def test_the_operations_manager_may_export_any_client(world, client):
    client.force_login(world.olof)

    assert client.get(f"/data-protection/clients/{world.bengt.pk}/export.json").status_code == 200


def test_others_get_nothing(world, client):
    # Another unit's manager cannot even see the client; a coordinator sees but may not export.
    from tests.conftest import make_user
    from vredvakt.accounts.models import Role

    alby_manager = make_user("alma", (world.alby, Role.UNIT_MANAGER))
    for user, status in (
        (alby_manager, 404),
        (world.otto, 404),
        (world.kim, 403),
        (world.anna, 403),
    ):
        client.force_login(user)
        response = client.get(f"/data-protection/clients/{world.karin.pk}/export.json")
        assert response.status_code == status, user
        assert b"Lund" not in response.content
    assert not AuditEntry.objects.filter(action="client.export").exists()


def test_the_command_prints_the_same_document_and_is_audited(world):
    some_history(world)
    out = io.StringIO()

    call_command("client-export", str(world.bengt.pk), stdout=out)

    data = json.loads(out.getvalue())
    assert data["client"]["first_name"] == "Bengt"
    assert "Karin" not in out.getvalue()
    assert AuditEntry.objects.filter(action="client.export", via="cli").count() == 1
    with pytest.raises(CommandError, match="no client with id 999"):
        call_command("client-export", "999")


def test_the_client_page_offers_the_download_only_to_those_who_may(world, client):
    url = f"/data-protection/clients/{world.karin.pk}/export.json"
    client.force_login(world.ulla)
    assert url in client.get(f"/clients/{world.karin.pk}/").text
    client.force_login(world.kim)
    assert url not in client.get(f"/clients/{world.karin.pk}/").text
