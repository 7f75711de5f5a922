"""Phoniro's system posts telemetry for Karin's lock PH-1 and Bengt's lock PH-2."""

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client

from tests.conftest import World
from vredvakt.locks.ingest import signature_for
from vredvakt.locks.models import Integration

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
SECRET = "phoniro-test-secret"
URL = "/api/v1/lock-events"


@pytest.fixture
def frozen() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def phoniro(world: World) -> Integration:
    return Integration.objects.create(
        name="phoniro", vendor="Phoniro", secret=SECRET, created_at=NOW
    )


def event(
    event_id: str, lock: str = "PH-1", type: str = "heartbeat", at: datetime = NOW, **more: Any
) -> dict[str, Any]:
    return {"event_id": event_id, "lock": lock, "type": type, "at": at.isoformat(), **more}


def signed_headers(
    body: bytes, *, name: str = "phoniro", secret: str = SECRET, sent: datetime = NOW
) -> dict[str, str]:
    timestamp = str(int(sent.timestamp()))
    return {
        "X-Vredvakt-Integration": name,
        "X-Vredvakt-Timestamp": timestamp,
        "X-Vredvakt-Signature": signature_for(secret, timestamp, body),
    }


def post_raw(
    body: bytes, headers: dict[str, str] | None = None, client: Client | None = None
) -> Any:
    client = client or Client()
    return client.generic("POST", URL, body, content_type="application/json", headers=headers)


def post(events: Any, **sign: Any) -> Any:
    body = json.dumps(events).encode()
    return post_raw(body, signed_headers(body, **sign))


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def ingest(integration: Integration, *events: dict[str, Any], now: datetime = NOW) -> Any:
    """The endpoint's path after the signature check, at any moment `now`."""
    from vredvakt.locks.ingest import parse_events
    from vredvakt.locks.ingest_store import lock_events_ingest

    parsed = parse_events(json.dumps(list(events)).encode(), now)
    return lock_events_ingest(
        integration_id=integration.pk, vendor=integration.vendor, events=parsed, now=now
    )


def query_plans(action: Callable[[], Any], touching: str = "locks_lock") -> list[str]:
    """PostgreSQL's plans for the statements `action` runs that name `touching`.

    Each is explained with its own parameters, bound as it was
    (on the server, config/settings.py), so a plan is the one the statement really gets.
    """
    executed: list[tuple[str, Any]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        action()
    plans = []
    for sql, params in executed:
        if touching in sql:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}", params)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans
