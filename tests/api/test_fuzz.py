"""Fuzzing the API: whatever a client sends, the answer is one the schema documents.

schemathesis reads /api/v1/openapi.json and sends every operation requests that
fit the schema and requests that break it, in-process through the WSGI app and
inside the test's transaction, on the demo municipality with an open case, a
key out on loan and a major outage. Each request goes out as a care worker, a
coordinator, an administrator and someone not signed in; every answer must be
no 5xx, with a documented status code and content type and a body that matches
the documented schema. Half the generated ids are swapped for ids that exist,
so the fuzzer reaches real objects and not only 404s.

The vendors' signed telemetry (/api/v1/lock-events) is a plain view outside this
schema, so it is not fuzzed here; tests/locks/test_ingest_api.py covers it.
"""

import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.db.models import Model
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from vredvakt.accounts.models import Membership, Unit
from vredvakt.accounts.services import api_token_create
from vredvakt.cases.models import FaultCase, TimelineEntry
from vredvakt.cases.services.opening import case_open
from vredvakt.cases.steps import StepCode
from vredvakt.clients.models import CareDecision, Client
from vredvakt.deviations.models import DeviationReport
from vredvakt.keys.loans import key_sign_out
from vredvakt.keys.models import Key, KeyLoan, KeyStorage
from vredvakt.locks.models import Lock
from vredvakt.outages.correlation import Scope
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import outage_declare
from vredvakt.routine_versions.models import RoutineVersion

# Both databases' own limits (64-bit ids, NUL characters) are tested apart, on each.
pytestmark = [pytest.mark.postgresql_only, pytest.mark.slow]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Demo personas (vredvakt/demo/organisation.py): care worker, coordinator, administrator.
USERNAMES = ("anna", "kim", "adam")
# Per operation and generation mode; each example goes out once per caller. About a
# minute for the whole API on two cores: 58 operations x 2 modes x 8 x 4 callers.
EXAMPLES = 8
# Path, query and body names that carry an id, and what they are the id of.
ID_OF: dict[str, type[Model]] = {
    "unit_id": Unit,
    "unit": Unit,
    "membership_id": Membership,
    "client_id": Client,
    "client": Client,
    "decision_id": CareDecision,
    "lock_id": Lock,
    "storage_id": KeyStorage,
    "storage": KeyStorage,
    "place": KeyStorage,
    "key_id": Key,
    "key": Key,
    "loan_id": KeyLoan,
    "version_id": RoutineVersion,
    "replaces": RoutineVersion,
    "case_id": FaultCase,
    "case": FaultCase,
    "entry_id": TimelineEntry,
    "outage_id": MajorOutage,
    "report_id": DeviationReport,
    "user": User,
    "holder": User,
    "to": User,
    "assessor": User,
}


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """Django's WSGI app, keeping the test's connection (and transaction) open.

    As in django.test.Client: each request would otherwise close the connection
    that holds the test's transaction, and the demo data with it.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _demo_with_a_case_a_loan_and_an_outage() -> None:
    call_command("demo-data", stdout=StringIO())
    now = timezone.now()
    anna, lars = User.objects.get(username="anna"), User.objects.get(username="lars")
    client = Client.objects.filter(unit__code="norra", keys__isnull=False).order_by("pk").first()
    assert client is not None
    case = case_open(client=client, kind="lock", source="care_worker", reported_by=anna, now=now)
    key = client.keys.order_by("pk").first()
    assert key is not None
    key_sign_out(key=key, by=anna, now=now, case=case.case, due_back_at=now + timedelta(hours=2))
    outage_declare(by=lars, description="Appen svarar inte", scope=Scope(area={"Norrby"}), now=now)


@pytest.fixture
def callers(db: None) -> list[dict[str, str]]:
    _demo_with_a_case_a_loan_and_an_outage()
    headers: list[dict[str, str]] = [{}]  # not signed in
    for username in USERNAMES:
        user = User.objects.get(username=username)
        _token, secret = api_token_create(
            actor=user, user=user, name="fuzz", scope="write", via="cli", now=timezone.now()
        )
        headers.append({"Authorization": f"Bearer {secret}"})
    return headers


def _existing_ids() -> dict[str, list[Any]]:
    ids: dict[str, list[Any]] = {
        name: list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:50])
        for name, model in ID_OF.items()
    }
    ids["code"] = list(StepCode)
    return {name: values for name, values in ids.items() if values}


def _half_real(ids: dict[str, list[Any]]) -> Any:
    """A hook that swaps, half the time, the generated ids for ones that exist."""

    def swap(values: Any) -> st.SearchStrategy[Any]:
        if not isinstance(values, dict) or not ids.keys() & values.keys():
            return st.just(values)
        real = {
            name: st.sampled_from(ids[name]) if name in ids else st.just(value)
            for name, value in values.items()
        }
        return st.one_of(st.just(values), st.fixed_dictionaries(real))

    return lambda context, values: swap(values)


def _fuzz(
    operation: Any, mode: GenerationMode, callers: list[dict[str, str]], answers: Counter[int]
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the report shows the request
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        for headers in callers:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            answers[response.status_code] += 1

    run()


def test_every_operation_answers_as_documented_whatever_it_is_sent(app, callers):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ids = _existing_ids()
    for hook in ("flatmap_path_parameters", "flatmap_query", "flatmap_body"):
        schema.hook(hook)(_half_real(ids))
    failures: list[str] = []
    answers: Counter[int] = Counter()
    operations = 0
    started = time.monotonic()

    for result in schema.get_all_operations():
        if isinstance(result, Err):
            failures.append(f"an operation schemathesis cannot read: {result.err()}")
            continue
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, callers, answers)
            except (Exception, FailureGroup) as exc:  # every operation's failures, not the first
                failures.append(f"{operation.label} ({mode.value}):\n{exc}")

    took = time.monotonic() - started
    print(f"fuzzed {operations} operations in {took:.0f} s: {sorted(answers.items())}")
    assert operations >= 58
    assert not failures, "\n\n".join(failures)
