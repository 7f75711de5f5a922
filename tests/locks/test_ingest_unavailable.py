"""The database unreachable (#16): the vendors get 503 with Retry-After and retry;
an event is answered 202 only once it is stored; the log gets one line per outage."""

import json
import logging
from pathlib import Path

import pytest

from tests.conftest import World
from tests.locks.conftest import event, post
from tests.unreachable import database_unreachable
from vredvakt.locks.models import Integration, LockEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("frozen")]


def test_while_the_database_is_down_ingest_answers_503_and_stores_nothing(
    world: World, phoniro: Integration, tmp_path: Path, caplog
) -> None:
    with caplog.at_level(logging.INFO, logger="vredvakt.database"):
        with database_unreachable(tmp_path):
            answers = [post([event(f"e{n}")]) for n in range(3)]
        for response in answers:
            assert response.status_code == 503
            assert response["Content-Type"] == "application/json"
            assert response["Retry-After"] == "10"
            assert "database" in json.loads(response.content)["detail"].lower()
        assert not LockEvent.objects.exists()
        # The vendor retries once the database is back: stored, and only then 202.
        retried = post([event("e0")])
        assert retried.status_code == 202
        assert LockEvent.objects.filter(event_id="e0").count() == 1
    messages = [r.getMessage() for r in caplog.records if r.name == "vredvakt.database"]
    assert len(messages) == 2, messages  # one line when it went, one when it came back
    assert messages[0].startswith("database unavailable since")
    assert messages[1].startswith("database back after")
    assert not [r for r in caplog.records if r.exc_info]  # no traceback per request
