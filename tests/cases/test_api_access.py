"""Who may do what through /api/v1/cases: the personas against the routine's roles.

Outside one's scope: 404, the same answer as for a case that does not exist.
Seen but not one's to do: 403 with a reason. Neither changes anything.
"""

import pytest

from tests.cases.test_api import (  # noqa: F401 - `tuesday` freezes the clock for every test
    SATURDAY_10,
    api,
    open_case,
    state,
    tuesday,
)
from tests.conftest import make_user
from vredvakt.accounts.models import Role

ACTIONS = [
    ("post", "/steps/fetch_key/complete", {}),
    ("post", "/inform-alarm-group", {}),
    ("post", "/acknowledge", {}),
    ("post", "/notes", {"text": "Anteckning"}),
    ("post", "/fixed", {}),
    ("post", "/restore", {}),
    ("post", "/close", {}),
    ("post", "/deviation", {"reference": "AV-1"}),
    ("post", "/timeline/{entry}/corrections", {"text": "Rättelse"}),
]


def call(client, case, method, suffix, body):
    entry = case.timeline.get(kind="reported").pk
    path = f"/cases/{case.pk}" + suffix.format(entry=entry)
    return client.get(path) if method == "get" else client.post(path, body)


@pytest.mark.parametrize(("method", "suffix", "body"), [("get", "", None), *ACTIONS])
def test_the_outsider_gets_404_for_every_tumba_case(world, method, suffix, body):
    case = open_case(world)
    otto = api(world.otto)
    before = state()

    response = call(otto, case, method, suffix, body)

    assert response.status_code == 404
    assert response.json() == otto.get("/cases/999999").json()
    assert state() == before


def test_the_outsider_cannot_report_for_karin_and_lists_no_tumba_case(world):
    open_case(world)
    otto = api(world.otto)
    before = state()

    opened = otto.post("/cases", {"client": world.karin.pk, "kind": "lock"})
    listed = otto.get("/cases")
    filtered = otto.get("/cases", unit=world.tumba.pk, client=world.karin.pk)

    assert opened.status_code == 404
    assert opened.json() == otto.post("/cases", {"client": 999999}).json()
    assert listed.json()["count"] == 0 and filtered.json()["count"] == 0
    assert "Karin" not in str(listed.json())
    assert state() == before


def test_the_outsider_cannot_draft_or_send_to_the_night_patrol_for_tumba(world):
    case = open_case(world)
    otto = api(world.otto)
    before = state()

    draft = otto.get("/cases/night-patrol/draft", unit=world.tumba.pk)
    sent = otto.post(
        "/cases/night-patrol/messages", {"unit": world.tumba.pk, "case_ids": [case.pk]}
    )
    own_unit = otto.post(
        "/cases/night-patrol/messages", {"unit": world.alby.pk, "case_ids": [case.pk]}
    )

    assert (draft.status_code, sent.status_code, own_unit.status_code) == (404, 404, 404)
    assert state() == before


@pytest.mark.parametrize(
    "suffix", ["/restore", "/close", "/inform-alarm-group", "/acknowledge", "/fixed", "/notes"]
)
def test_a_care_worker_may_not_coordinate_or_act_for_the_alarm_group(world, suffix):
    case = open_case(world)
    body = {"text": "Anteckning"} if suffix == "/notes" else {}
    before = state()

    response = api(world.anna).post(f"/cases/{case.pk}{suffix}", body)

    assert response.status_code == 403
    assert response.json()["detail"]
    assert state() == before


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [a for a in ACTIONS if a[1] not in ("/acknowledge", "/fixed", "/notes")],
)
def test_the_alarm_group_sees_the_case_but_does_not_coordinate_it(world, method, suffix, body):
    case = open_case(world)
    lars = api(world.lars)
    before = state()

    response = call(lars, case, method, suffix, body)

    assert lars.get(f"/cases/{case.pk}").status_code == 200  # R8: every unit's cases
    assert response.status_code == 403
    assert state() == before


def test_the_alarm_group_cannot_report_a_clients_fault(world):
    before = state()

    response = api(world.lars).post("/cases", {"client": world.karin.pk})

    # The alarm group has no client registry: Karin is not found.
    assert response.status_code == 404
    assert state() == before


@pytest.mark.parametrize(("method", "suffix", "body"), ACTIONS)
def test_the_night_patrol_sees_the_case_but_acts_on_nothing(world, method, suffix, body):
    case = open_case(world)
    nils = api(world.nils)
    before = state()

    response = call(nils, case, method, suffix, body)

    assert nils.get(f"/cases/{case.pk}").status_code == 200  # R9: it visits at night
    assert response.status_code == 403
    assert state() == before


def test_the_night_patrol_cannot_message_itself_for_a_unit(world):
    case = open_case(world)
    nils = api(world.nils)
    before = state()

    draft = nils.get("/cases/night-patrol/draft", unit=world.tumba.pk)
    sent = nils.post(
        "/cases/night-patrol/messages", {"unit": world.tumba.pk, "case_ids": [case.pk]}
    )

    assert (draft.status_code, sent.status_code) == (403, 403)
    assert state() == before


@pytest.mark.parametrize("persona", ["hanna", "olof"])
def test_who_sees_karin_but_does_not_report_gets_403(world, persona):
    before = state()

    response = api(getattr(world, persona)).post("/cases", {"client": world.karin.pk})

    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize("persona", ["hanna", "olof"])
def test_the_assessor_and_the_operations_manager_read_but_do_not_restore(world, persona):
    case = open_case(world)
    client = api(getattr(world, persona))
    before = state()

    restored = client.post(f"/cases/{case.pk}/restore", {})

    assert client.get(f"/cases/{case.pk}").status_code == 200
    assert restored.status_code == 403
    assert state() == before


def test_the_unit_manager_coordinates_like_the_coordinator(world):
    case = open_case(world)
    ulla = api(world.ulla)

    assert ulla.post(f"/cases/{case.pk}/restore", {}).status_code == 200
    assert ulla.post(f"/cases/{case.pk}/close", {}).status_code == 200


def test_the_administrator_may_report_and_restore_for_any_unit(world):
    adam = api(world.adam)

    opened = adam.post("/cases", {"client": world.bengt.pk})
    restored = adam.post(f"/cases/{opened.json()['id']}/restore", {})

    assert (opened.status_code, restored.status_code) == (201, 200)


def test_it_rejects_anonymous_callers_with_401(world):
    case = open_case(world)
    before = state()

    assert api(None).get("/cases").status_code == 401
    assert api(None).get(f"/cases/{case.pk}").status_code == 401
    assert api(None).post("/cases", {"client": world.karin.pk}).status_code == 401
    assert state() == before


def test_r10_on_a_day_off_the_care_worker_tells_the_night_patrol_herself(world):
    weekend = open_case(world, now=SATURDAY_10)
    weekday = open_case(world, kind="app")
    anna = api(world.anna)

    draft = anna.get("/cases/night-patrol/draft", unit=world.tumba.pk)
    refused = anna.post(
        "/cases/night-patrol/messages", {"unit": world.tumba.pk, "case_ids": [weekday.pk]}
    )
    sent = anna.post(
        "/cases/night-patrol/messages", {"unit": world.tumba.pk, "case_ids": [weekend.pk]}
    )

    # R9 on a weekday is the coordinator's; R10 on a day off is the staff's.
    assert [c["id"] for c in draft.json()["cases"]] == [weekend.pk]
    assert refused.status_code == 403
    assert sent.status_code == 201 and sent.json()["case_ids"] == [weekend.pk]


def test_only_the_author_or_the_coordinator_corrects_an_entry(world):
    case = open_case(world)
    note = api(world.kim).post(f"/cases/{case.pk}/notes", {"text": "Ring anhörig"}).json()
    reported = case.timeline.get(kind="reported").pk
    before = state()

    by_anna = api(world.anna).post(
        f"/cases/{case.pk}/timeline/{note['id']}/corrections", {"text": "Ring inte"}
    )
    assert by_anna.status_code == 403
    assert state() == before
    by_kim = api(world.kim).post(
        f"/cases/{case.pk}/timeline/{reported}/corrections", {"text": "Låset på baksidan"}
    )
    assert by_kim.status_code == 201


def test_r14_only_the_reporter_or_the_coordinator_records_the_deviation(world):
    colleague = make_user("aina", (world.tumba, Role.CARE_WORKER))
    case = open_case(world)
    before = state()

    response = api(colleague).post(f"/cases/{case.pk}/deviation", {"reference": "AV-1"})

    assert response.status_code == 403
    assert state() == before
    by_kim = api(world.kim).post(f"/cases/{case.pk}/deviation", {"reference": "AV-1"})
    assert by_kim.status_code == 200


def test_only_the_alarm_group_records_troubleshooting(world):
    case = open_case(world)
    before = state()

    response = api(world.kim).post(
        f"/cases/{case.pk}/notes", {"text": "Bytt batteri", "troubleshooting": True}
    )

    assert response.status_code == 403
    assert state() == before
