"""POST /api/v1/lock-events: signed telemetry from the vendors' systems (R17)."""

import json
from typing import Any

import pytest
from django.test import Client

from tests.conftest import World
from tests.locks.conftest import NOW, SECRET, URL, event, minutes, post, post_raw, signed_headers
from vredvakt.locks.ingest import MAX_BODY_BYTES, signature_for
from vredvakt.locks.models import Integration, Lock, LockEvent
from vredvakt.locks.telemetry import LockStatus

pytestmark = pytest.mark.usefixtures("frozen")


def lock_snapshot() -> list[dict[str, Any]]:
    return [dict(row) for row in Lock.objects.order_by("pk").values()]


def test_it_accepts_signed_events(world: World, phoniro: Integration) -> None:
    response = post([event("e1", battery=80), event("e2", lock="PH-2")])
    assert response.status_code == 202
    assert response.json() == {"accepted": 2, "duplicates": 0, "unknown_locks": [], "refused": []}
    karin_lock = Lock.objects.get(pk=world.karin_lock.pk)
    assert karin_lock.status == LockStatus.OK
    assert karin_lock.last_seen_at == NOW
    assert karin_lock.battery == 80
    # R17: silent after the heartbeat interval (15 min) plus the grace (10 min).
    assert karin_lock.overdue_at == NOW + minutes(25)
    stored = LockEvent.objects.get(event_id="e1")
    assert (stored.lock, stored.integration, stored.received_at) == (karin_lock, phoniro, NOW)


def test_it_needs_no_session_or_csrf_token(world: World, phoniro: Integration) -> None:
    body = json.dumps([event("e1")]).encode()
    response = post_raw(body, signed_headers(body), client=Client(enforce_csrf_checks=True))
    assert response.status_code == 202


def test_it_rejects_a_missing_signature(world: World, phoniro: Integration) -> None:
    body = json.dumps([event("e1")]).encode()
    headers = signed_headers(body)
    del headers["X-Vredvakt-Signature"]
    response = post_raw(body, headers)
    assert response.status_code == 401
    assert "WWW-Authenticate" in response
    assert not LockEvent.objects.exists()


def test_it_rejects_a_bad_signature(world: World, phoniro: Integration) -> None:
    assert post([event("e1")], secret="not-the-secret").status_code == 401
    assert not LockEvent.objects.exists()


def test_it_rejects_a_body_changed_after_signing(world: World, phoniro: Integration) -> None:
    signed = json.dumps([event("e1")]).encode()
    changed = json.dumps([event("e1", type="jammed")]).encode()
    assert post_raw(changed, signed_headers(signed)).status_code == 401
    assert not LockEvent.objects.exists()


@pytest.mark.parametrize("header", ["Integration", "Timestamp"])
def test_it_rejects_missing_headers(world: World, phoniro: Integration, header: str) -> None:
    body = json.dumps([event("e1")]).encode()
    headers = signed_headers(body)
    del headers[f"X-Vredvakt-{header}"]
    assert post_raw(body, headers).status_code == 401


def test_it_rejects_an_unknown_integration(world: World, phoniro: Integration) -> None:
    assert post([event("e1")], name="somebody").status_code == 401


def test_it_rejects_an_inactive_integration(world: World, phoniro: Integration) -> None:
    Integration.objects.filter(pk=phoniro.pk).update(active=False)
    assert post([event("e1")]).status_code == 401
    assert not LockEvent.objects.exists()


@pytest.mark.parametrize("skew", [minutes(-5.1), minutes(5.1), minutes(-60)])
def test_it_rejects_a_stale_or_future_timestamp(
    world: World, phoniro: Integration, skew: Any
) -> None:
    assert post([event("e1")], sent=NOW + skew).status_code == 401
    assert not LockEvent.objects.exists()


@pytest.mark.parametrize("timestamp", ["1" + "0" * 400, "-" + "9" * 400, "1e9", "١٧٦٤٩٣٦٠٠٠"])
def test_it_rejects_a_timestamp_that_is_no_unix_seconds(
    world: World, phoniro: Integration, timestamp: str
) -> None:
    # A 401-digit number once reached the clock comparison: float overflow, a 500.
    body = json.dumps([event("e1")]).encode()
    headers = signed_headers(body) | {"X-Vredvakt-Timestamp": timestamp}
    headers["X-Vredvakt-Signature"] = signature_for(SECRET, timestamp, body)
    response = post_raw(body, headers)
    assert response.status_code == 401
    assert "unix seconds" in response.content.decode()
    assert not LockEvent.objects.exists()


def test_it_accepts_a_timestamp_within_five_minutes(world: World, phoniro: Integration) -> None:
    assert post([event("e1")], sent=NOW - minutes(4.9)).status_code == 202


def test_it_accepts_the_previous_secret_during_rotation(world: World, phoniro: Integration) -> None:
    Integration.objects.filter(pk=phoniro.pk).update(
        secret="new-secret", previous_secret=phoniro.secret
    )
    assert post([event("e1")]).status_code == 202
    assert post([event("e2")], secret="new-secret").status_code == 202


BAD_ITEMS = [
    ({"lock": "PH-1", "type": "heartbeat", "at": NOW.isoformat()}, "event_id"),
    ({**event("e1"), "event_id": ""}, "event_id"),
    ({**event("e1"), "event_id": "x" * 101}, "event_id"),
    ({**event("e1"), "event_id": 17}, "event_id"),
    ({**event("e1"), "lock": None}, "lock"),
    ({**event("e1"), "lock": "L" * 81}, "lock"),
    ({**event("e1"), "type": "exploded"}, "type"),
    ({k: v for k, v in event("e1").items() if k != "type"}, "type"),
    ({**event("e1"), "at": "yesterday"}, "at"),
    ({**event("e1"), "at": "2026-03-10T09:00:00"}, "at"),  # no offset
    ({**event("e1"), "at": 1773133200}, "at"),
    ({**event("e1"), "at": (NOW + minutes(6)).isoformat()}, "at"),
    ({**event("e1"), "battery": 101}, "battery"),
    ({**event("e1"), "battery": -1}, "battery"),
    ({**event("e1"), "battery": "50"}, "battery"),
    ({**event("e1"), "battery": 50.5}, "battery"),
    ({**event("e1"), "battery": True}, "battery"),
    ("heartbeat", None),
]


@pytest.mark.parametrize(("item", "field"), BAD_ITEMS)
def test_it_rejects_a_malformed_event(
    world: World, phoniro: Integration, item: Any, field: str | None
) -> None:
    before = lock_snapshot()
    response = post([event("ok-1"), item])
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {(e["index"], e["field"]) for e in errors} == {(1, field)}
    assert all(e["message"] for e in errors)
    # Nothing stored, not even the good event before it.
    assert not LockEvent.objects.exists()
    assert lock_snapshot() == before


def test_it_reports_every_bad_event_at_once(world: World, phoniro: Integration) -> None:
    items = [event("e1", type="nope"), event("e2"), {"event_id": "e3", "battery": 200}]
    response = post(items)
    assert response.status_code == 422
    fields = {(e["index"], e["field"]) for e in response.json()["errors"]}
    assert fields == {(0, "type"), (2, "lock"), (2, "type"), (2, "at"), (2, "battery")}
    assert not LockEvent.objects.exists()


@pytest.mark.parametrize(
    "body", [b"not json", b'{"event_id": "e1"}', b"[]", b"\xff\xfe", b"[" * 5000]
)
def test_it_rejects_a_body_that_is_not_an_array_of_events(
    world: World, phoniro: Integration, body: bytes
) -> None:
    response = post_raw(body, signed_headers(body))
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["index"] is None
    assert not LockEvent.objects.exists()


def test_it_rejects_more_than_1000_events(world: World, phoniro: Integration) -> None:
    response = post([event(f"e{n}") for n in range(1001)])
    assert response.status_code == 413
    assert not LockEvent.objects.exists()


def test_it_accepts_1000_events(world: World, phoniro: Integration) -> None:
    at = [NOW - minutes(n / 100) for n in range(1000)]
    response = post([event(f"e{n}", at=at[n]) for n in range(1000)])
    assert response.status_code == 202
    assert response.json()["accepted"] == 1000
    assert Lock.objects.get(pk=world.karin_lock.pk).last_seen_at == NOW


def test_it_rejects_a_body_over_one_mebibyte(world: World, phoniro: Integration) -> None:
    body = json.dumps([event("e1", padding="x" * MAX_BODY_BYTES)]).encode()
    response = post_raw(body, signed_headers(body))
    assert response.status_code == 413
    assert not LockEvent.objects.exists()


def test_it_refuses_a_large_body_before_checking_who_sent_it(world: World) -> None:
    body = b"[" + b" " * MAX_BODY_BYTES + b"]"
    assert post_raw(body).status_code == 413


def test_it_counts_duplicates_and_stores_them_once(world: World, phoniro: Integration) -> None:
    assert post([event("e1"), event("e2")]).json()["accepted"] == 2
    response = post([event("e1"), event("e2"), event("e3"), event("e3")])
    assert response.status_code == 202
    assert response.json() == {"accepted": 1, "duplicates": 3, "unknown_locks": [], "refused": []}
    assert sorted(LockEvent.objects.values_list("event_id", flat=True)) == ["e1", "e2", "e3"]


def test_it_keeps_event_ids_apart_per_integration(world: World, phoniro: Integration) -> None:
    Integration.objects.create(name="other", vendor="Phoniro", secret="s2", created_at=NOW)
    assert post([event("e1")]).json()["accepted"] == 1
    assert post([event("e1")], name="other", secret="s2").json()["accepted"] == 1


def test_it_lists_unknown_locks_and_keeps_their_events(world: World, phoniro: Integration) -> None:
    response = post([event("e1"), event("e2", lock="PH-404"), event("e3", lock="PH-404")])
    assert response.json() == {
        "accepted": 3,
        "duplicates": 0,
        "unknown_locks": ["PH-404"],
        "refused": [],
    }
    kept = LockEvent.objects.get(event_id="e2")
    assert (kept.lock, kept.vendor_lock_id) == (None, "PH-404")


def test_it_only_reaches_its_own_vendors_locks(world: World) -> None:
    Integration.objects.create(name="glue", vendor="Glue", secret="s3", created_at=NOW)
    before = lock_snapshot()
    response = post([event("e1", type="jammed")], name="glue", secret="s3")
    assert response.json()["unknown_locks"] == ["PH-1"]
    assert lock_snapshot() == before


def test_it_accepts_z_and_other_offsets(world: World, phoniro: Integration) -> None:
    items = [
        {**event("e1"), "at": "2026-03-10T08:50:00Z"},
        {**event("e2"), "at": "2026-03-10T09:55:00+01:00"},
    ]
    assert post(items).status_code == 202
    assert Lock.objects.get(pk=world.karin_lock.pk).last_seen_at == NOW - minutes(5)


def test_it_rejects_other_methods(world: World, phoniro: Integration) -> None:
    assert Client().get(URL).status_code == 405


def test_it_ignores_fields_it_does_not_know(world: World, phoniro: Integration) -> None:
    assert post([event("e1", firmware="2.1")]).status_code == 202


def test_the_signature_is_the_guides_worked_example() -> None:
    # docs/integration.md, checked there with openssl.
    body = (
        b'[{"event_id":"ev-1","lock":"PH-1","type":"heartbeat",'
        b'"at":"2026-03-10T09:00:00Z","battery":87}]'
    )
    assert signature_for("example-secret", "1773133200", body) == (
        "sha256=1f62c26be2b6ea75c3d955c7efc8641176ac57c4e7af6ca2ab38ff0bef0af7ef"
    )
