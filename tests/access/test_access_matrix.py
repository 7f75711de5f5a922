"""Every cell of docs/access.toml, checked over HTTP: each role in Enhet Tumba, Otto of
Enhet Alby (the outsider, who must get nothing of Tumba's) and someone not signed in.

One world for the module; each request runs in a savepoint rolled back after it, so
every cell meets the same world, and a refused write is seen to change nothing.
"""

from collections.abc import Iterator

import pytest
import time_machine
from django.db import transaction
from pytest_django import DjangoDbBlocker

from tests.access.matrix import COLUMNS, load
from tests.access.observe import observe, signed_in
from tests.access.verdict import needs_counts, wrongs
from tests.access.world import NOW, TUMBA_NAMES, AccessWorld, build_access_world

# Who gets which answer is decided in Python (accounts/access.py and each app's
# access module) on querysets both engines run in every other test: scripts/test
# checks the matrix's 1,856 requests once, on SQLite (#11).
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only, pytest.mark.slow]


@pytest.fixture(scope="module")
def access_world(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[AccessWorld]:
    travel = time_machine.travel(NOW, tick=False)
    with django_db_blocker.unblock(), travel, transaction.atomic():
        yield build_access_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", list(COLUMNS))
def test_each_page_and_operation_gives_the_role_what_the_matrix_says(access_world, role):
    aw = access_world
    http = signed_in(aw.personas[role])
    failures = []
    with time_machine.travel(NOW, tick=False):
        for key, entry in load().items():
            seen = observe(http, aw, key, role, count=needs_counts(entry, role))
            failures += [
                f"{key} as {role} ({entry.cells[role]}): {wrong}, got {seen}"
                for wrong in wrongs(entry, role, seen)
            ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["care_worker", "alarm_group", "outsider", "anonymous"])
def test_htmx_fragments_give_what_their_pages_give(access_world, role):
    """A page asked for a fragment (HX-Request) answers as the page: same cell, same check."""
    aw = access_world
    http = signed_in(aw.personas[role])
    failures = []
    pages = [(k, e) for k, e in load().items() if e.method == "GET" and not e.is_api]
    with time_machine.travel(NOW, tick=False):
        for key, entry in pages:
            seen = observe(http, aw, key, role, count=needs_counts(entry, role), htmx=True)
            failures += [
                f"{key} (htmx) as {role} ({entry.cells[role]}): {wrong}, got {seen}"
                for wrong in wrongs(entry, role, seen)
            ]
    assert not failures, "\n".join(failures)


def test_nobody_opens_anothers_message(access_world):
    aw = access_world
    kims = aw.messages["coordinator"]
    for role, user in aw.personas.items():
        if role == "coordinator":
            continue
        http = signed_in(user)
        with transaction.atomic():
            opened = http.get(f"/messages/{kims.pk}/")
            marked = http.post(f"/messages/{kims.pk}/read/")
            kims.refresh_from_db()
            transaction.set_rollback(True)
        assert opened.status_code in (302, 404), role
        assert marked.status_code in (302, 404) and kims.read_at is None, role
        assert "Till kim" not in opened.content.decode(), role


def outsider_filters(aw: AccessWorld) -> list[tuple[str, dict[str, str | int]]]:
    """Lists and searches, asked for Tumba's things by name, id or unit.

    A search shows what was searched for: search a part ("arin") and look for the whole.
    """
    w = aw.world
    tumba, karin = w.tumba.pk, w.karin.pk
    return [
        ("/clients/", {"q": "arin"}),
        ("/locks/", {"q": "PH-", "unit": tumba}),
        ("/locks/fleet/", {"unit": tumba, "q": "PH-"}),
        ("/locks/fleet/counts/", {"unit": tumba}),
        ("/cases/", {"unit": tumba}),
        ("/cases/report/", {"client": karin, "q": "arin"}),
        ("/keys/places/", {"q": "K-"}),
        ("/api/v1/clients", {"q": "arin"}),
        ("/api/v1/clients", {"unit": tumba}),
        ("/api/v1/care-decisions", {"client": karin}),
        ("/api/v1/locks", {"client": karin}),
        ("/api/v1/keys", {"client": karin}),
        ("/api/v1/cases", {"unit": tumba}),
        ("/api/v1/cases", {"client": karin}),
        ("/api/v1/key-loans", {"key": w.karin_unit_key.pk}),
        ("/api/v1/key-loans", {"case": aw.case.pk}),
        ("/api/v1/cases/night-patrol/draft", {"unit": tumba}),
        ("/audit/review/", {"client": karin, "format": "csv"}),
        ("/audit/review/", {"user": "anna", "format": "csv"}),
        ("/audit/review/", {"q": "arin"}),
        ("/api/v1/deviations", {"scope": "follow_up"}),
        ("/reports/", {"unit": tumba}),
        ("/reports/cases-by-cause.csv", {"unit": tumba}),
    ]


def test_the_outsider_reaches_nothing_of_tumba_through_a_filter(access_world):
    aw = access_world
    http = signed_in(aw.world.otto)
    failures = []
    for path, params in outsider_filters(aw):
        response = http.get(path, params)
        text = response.content.decode()
        if response.status_code not in (200, 403, 404, 422):
            failures.append(f"{path} {params}: {response.status_code}")
        if any(name in text for name in (*TUMBA_NAMES, "PH-1", "K-1")):
            failures.append(f"{path} {params}: shows Tumba's clients, locks or keys")
        listed = response.json().get("items") if path.startswith("/api/") else None
        if response.status_code == 200 and listed:
            failures.append(f"{path} {params}: lists {listed}")
    assert not failures, "\n".join(failures)


def test_a_unit_manager_of_another_unit_gets_nothing_of_tumba(access_world):
    """Unit managers review logs, export clients, follow up reports and read statistics:
    Alby's unit manager does all that for Alby, and none of it for Tumba."""
    aw = access_world
    http = signed_in(aw.alby_manager)
    karin, tumba = aw.world.karin.pk, aw.world.tumba.pk
    asked = [
        ("/audit/review/", {"client": karin}),
        ("/audit/review/", {"client": karin, "format": "csv"}),
        ("/audit/review/", {"user": "anna", "format": "csv"}),
        ("/audit/review/", {"q": "arin"}),
        (f"/data-protection/clients/{karin}/export.json", {}),
        (f"/deviations/{aw.draft_report.pk}/", {}),
        (f"/deviations/{aw.submitted_report.pk}/export.json", {}),
        ("/deviations/follow-up/", {}),
        (f"/api/v1/deviations/{aw.submitted_report.pk}", {}),
        ("/api/v1/deviations", {"scope": "follow_up"}),
        ("/reports/", {"unit": tumba}),
        ("/reports/cases-by-cause.csv", {"unit": tumba}),
    ]
    failures = []
    with time_machine.travel(NOW, tick=False):
        for path, params in asked:
            response = http.get(path, params)
            text = response.content.decode()
            if response.status_code not in (200, 400, 403, 404):
                failures.append(f"{path} {params}: {response.status_code}")
            if any(name in text for name in (*TUMBA_NAMES, "Tumba")):
                failures.append(f"{path} {params}: shows Tumba or its clients")
    assert not failures, "\n".join(failures)
