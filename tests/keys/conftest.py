"""Helpers for the key-loan tests: cases, loans and a snapshot of everything a loan touches."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.api.conftest import Api
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.models import CaseStep, FaultCase, TimelineEntry
from vredvakt.cases.services.opening import case_open
from vredvakt.jobs.models import ScheduledJob
from vredvakt.keys.loans import key_sign_out
from vredvakt.keys.models import Key, KeyLoan, KeyLoanEvent
from vredvakt.notifications.models import Message

# Tuesday 2026-11-24, winter time (+01:00).
TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
TUESDAY_23 = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)  # 23:00, the night shift


def open_case(world: Any, now: datetime = TUESDAY_10, client: Any = None) -> FaultCase:
    return case_open(
        client=client or world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=now,
    ).case


def sign_out(world: Any, key: Key | None = None, *, by: Any = None, now=TUESDAY_10, **kw):
    return key_sign_out(key=key or world.karin_unit_key, by=by or world.anna, now=now, **kw)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row a key action may write: loans, their story, cases, jobs, messages, audit."""
    models = (KeyLoan, KeyLoanEvent, FaultCase, CaseStep, TimelineEntry, ScheduledJob, Message)
    rows = {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}
    # Reads and sign-ins (the test's own force_login) are not changes.
    audit = AuditEntry.objects.exclude(action="client.read").exclude(action__startswith="auth.")
    rows["audit"] = list(audit.order_by("pk").values())
    return rows


@pytest.fixture
def api_as():
    """A JSON client of /api/v1/ signed in as a persona (as in tests/api)."""

    def make(user: Any) -> Api:
        http = HttpClient()
        http.force_login(user)
        return Api(http)

    return make


@pytest.fixture
def unchanged():
    """Call once to take a snapshot; its `check()` asserts nothing changed since."""

    class Unchanged:
        def __init__(self) -> None:
            self.before = snapshot()

        def check(self) -> None:
            assert snapshot() == self.before

    return Unchanged
