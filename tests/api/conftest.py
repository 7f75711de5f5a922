"""Helpers for the API tests: a signed-in HTTP client per persona, and a DB snapshot."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client as HttpClient

from vredvakt.accounts.models import ApiToken, Membership, Unit
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.models import CareDecision, Client
from vredvakt.keys.models import Key, KeyStorage
from vredvakt.locks.models import Lock
from vredvakt.routine_versions.models import RoutineVersion

API = "/api/v1"
REGISTRY = (Unit, Membership, Client, CareDecision, Lock, KeyStorage, Key, RoutineVersion, ApiToken)


class Api:
    """django.test.Client speaking JSON to /api/v1/."""

    def __init__(self, http: HttpClient, **headers: str) -> None:
        self.http = http
        self.headers = headers

    def get(self, path: str, **params: Any) -> Any:
        return self.http.get(API + path, params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self._send("post", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self._send("patch", path, body)

    def delete(self, path: str) -> Any:
        return self.http.delete(API + path, headers=self.headers)

    def _send(self, method: str, path: str, body: Any) -> Any:
        data = body if isinstance(body, str) else json.dumps(body)
        send = getattr(self.http, method)
        return send(API + path, data, content_type="application/json", headers=self.headers)


@pytest.fixture
def api_as() -> Callable[[User | None], Api]:
    def make(user: User | None) -> Api:
        http = HttpClient()
        if user is not None:
            http.force_login(user)
        return Api(http)

    return make


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every registry row and every audit entry about a change (reads are not changes)."""
    rows = {model._meta.label: list(model.objects.order_by("pk").values()) for model in REGISTRY}
    # Nor are sign-ins: the test's own force_login() writes one.
    changes = AuditEntry.objects.exclude(action="client.read").exclude(action__startswith="auth.")
    changes = changes.order_by("pk")
    rows["audit"] = list(changes.values())
    return rows


@pytest.fixture
def unchanged() -> Callable[[], Any]:
    """Call once to take a snapshot; its `check()` asserts nothing changed since."""

    class Unchanged:
        def __init__(self) -> None:
            self.before = snapshot()

        def check(self) -> None:
            assert snapshot() == self.before

    return Unchanged


def details(response: Any) -> list[str]:
    """The field names a 422 points at."""
    return [str(error["loc"][-1]) for error in response.json()["detail"]]
