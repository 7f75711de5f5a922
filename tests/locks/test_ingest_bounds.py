"""What an integration may store (#14): revoked secrets, stale events, unregistered locks."""

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import World
from tests.locks.conftest import NOW, SECRET, event, post, post_raw, signed_headers
from vredvakt.locks.models import Integration, LockEvent


@pytest.fixture(autouse=True)
def _frozen(frozen: object) -> None:
    """Every test here runs at NOW."""


def test_a_revoked_integration_is_refused_and_the_row_stays(
    world: World, phoniro: Integration
) -> None:
    call_command("integration", "revoke", "phoniro", stdout=StringIO())

    assert post([event("e1")]).status_code == 401
    assert not LockEvent.objects.exists()
    phoniro.refresh_from_db()
    assert phoniro.revoked_at == NOW
    with pytest.raises(CommandError, match="redan återkallad"):
        call_command("integration", "revoke", "phoniro")


def test_the_last_use_is_written_at_most_once_a_minute(world: World, phoniro: Integration) -> None:
    post([event("e1")])
    with time_machine.travel(NOW + timedelta(seconds=59), tick=False):
        post([event("e2", at=NOW + timedelta(seconds=59))], sent=NOW + timedelta(seconds=59))
    phoniro.refresh_from_db()
    assert phoniro.last_used_at == NOW

    later = NOW + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        post([event("e3", at=later)], sent=later)
    phoniro.refresh_from_db()
    assert phoniro.last_used_at == later
    out = StringIO()
    call_command("integration", "list", stdout=out)
    assert "used 2026-03-10 10:01" in out.getvalue()


def test_a_failed_signature_is_not_a_use(world: World, phoniro: Integration) -> None:
    post([event("e1")], secret="wrong")

    phoniro.refresh_from_db()
    assert phoniro.last_used_at is None


def test_it_refuses_events_older_than_the_configured_age_and_keeps_the_rest(
    world: World, phoniro: Integration, settings: object
) -> None:
    settings.INGEST_MAX_EVENT_AGE_DAYS = 7  # type: ignore[attr-defined]
    old = NOW - timedelta(days=7, seconds=1)

    response = post(
        [event("fresh"), event("old", at=old), event("edge", at=NOW - timedelta(days=7))]
    )

    assert response.status_code == 202
    body = response.json()
    assert body["accepted"] == 2
    assert body["refused"] == [
        {
            "index": 1,
            "event_id": "old",
            "field": "at",
            "message": "at is more than 7 days old: not stored",
        }
    ]
    assert sorted(LockEvent.objects.values_list("event_id", flat=True)) == ["edge", "fresh"]


def test_an_event_from_1970_is_refused(world: World, phoniro: Integration) -> None:
    response = post([event("e1970", at=NOW.replace(year=1970))])

    assert response.json()["refused"][0]["event_id"] == "e1970"
    assert not LockEvent.objects.exists()


def test_an_event_in_the_future_is_still_rejected_per_event(
    world: World, phoniro: Integration
) -> None:
    response = post([event("soon", at=NOW + timedelta(minutes=6))])

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"index": 0, "field": "at", "message": "at lies in the future"}
    ]


def test_it_keeps_only_so_many_events_for_unregistered_locks(
    world: World, phoniro: Integration, settings: object
) -> None:
    settings.INGEST_MAX_UNKNOWN_LOCK_EVENTS = 3  # type: ignore[attr-defined]
    post([event("u1", lock="MADE-UP-1"), event("u2", lock="MADE-UP-2")])

    response = post(
        [
            event("u3", lock="MADE-UP-3"),
            event("k1", lock="PH-1"),
            event("u4", lock="MADE-UP-4"),
            event("u5", lock="MADE-UP-5"),
        ]
    )

    body = response.json()
    assert response.status_code == 202
    assert body["accepted"] == 2  # u3 and the registered lock's k1
    assert [(r["index"], r["event_id"], r["field"]) for r in body["refused"]] == [
        (2, "u4", "lock"),
        (3, "u5", "lock"),
    ]
    assert "3 events for unregistered locks" in body["refused"][0]["message"]
    assert LockEvent.objects.filter(lock__isnull=True).count() == 3
    # A single event takes its own path on PostgreSQL: the bound holds there too.
    single = post([event("u6", lock="MADE-UP-6")]).json()
    assert (single["accepted"], [r["event_id"] for r in single["refused"]]) == (0, ["u6"])
    # Registered locks are never limited.
    assert post([event("k2", lock="PH-2")]).json() == {
        "accepted": 1,
        "duplicates": 0,
        "unknown_locks": [],
        "refused": [],
    }


def test_the_bound_is_per_integration(world: World, phoniro: Integration, settings: object) -> None:
    settings.INGEST_MAX_UNKNOWN_LOCK_EVENTS = 1  # type: ignore[attr-defined]
    Integration.objects.create(
        name="other", vendor="Phoniro", secret="other-secret", created_at=NOW
    )
    post([event("u1", lock="MADE-UP-1")])

    response = post([event("u1", lock="MADE-UP-1")], name="other", secret="other-secret")

    assert response.json()["accepted"] == 1


def _post_from(address: str, events: list[dict[str, object]], secret: str = SECRET) -> int:
    body = json.dumps(events).encode()
    client = Client(REMOTE_ADDR=address)
    return int(post_raw(body, signed_headers(body, secret=secret), client=client).status_code)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("batch", [1, 3])
def test_the_limit_counts_each_address_once_per_request(
    world: World, phoniro: Integration, settings: Any, batch: int
) -> None:
    """#17: PostgreSQL counts in the sender's query, each request its own transaction."""
    settings.RATE_LIMIT_INGEST = 2
    # A request with a wrong secret from elsewhere uses up nothing of the vendor's.
    assert _post_from("10.0.0.9", [event("x1")], secret="guessed") == 401
    events = [[event(f"e{n}-{i}", at=NOW) for i in range(batch)] for n in range(3)]
    assert [_post_from("10.0.0.1", e) for e in events] == [202, 202, 429]
    # Another address of the same vendor has its own count.
    assert _post_from("10.0.0.2", [event("e9")]) == 202
    assert LockEvent.objects.count() == 2 * batch + 1
