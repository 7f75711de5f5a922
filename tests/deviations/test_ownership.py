"""R14, R15: every case and every major outage gets one report, owned by the right person,
asked for when the client has been helped (the key used, or the lock working again)."""

from datetime import timedelta

from tests.deviations.helpers import (
    KEY_AT,
    RESTORED_AT,
    TUESDAY_10,
    helped_with_key,
    outage_over,
    report_of,
    reported_by_anna,
    restored,
)
from vredvakt.accounts.models import Role
from vredvakt.cases.services.opening import case_open
from vredvakt.deviations.models import DeviationReport, ReportState
from vredvakt.keys.loans import key_sign_out
from vredvakt.notifications.models import Message


def test_a_care_workers_case_yields_a_prefilled_report_of_hers_when_the_key_is_used(world):
    case = reported_by_anna(world)
    assert not DeviationReport.objects.exists()  # reported, but nobody helped yet

    key_sign_out(key=world.karin_unit_key, by=world.anna, case=case, now=KEY_AT)

    report = report_of(case)
    assert report.owner == world.anna and report.state == ReportState.DRAFT
    assert report.created_at == KEY_AT and report.unit == world.tumba
    facts = report.facts
    assert facts["client"]["name"] == "Karin Lund"
    assert facts["lock"]["id"] == "PH-1"
    assert facts["reported_by"] == "Anna"
    assert [k["key"] for k in facts["keys"]] == ["K-1"]
    assert facts["still_out_of_order"] is True
    whats = [entry["what"] for entry in facts["timeline"]]
    assert whats[0] == "Fel anmält" and "Låset svarar inte i appen." in facts["timeline"][0]["text"]
    # She is asked at once, in the app and by email.
    asked = Message.objects.get(kind="deviation_report_due", recipient=world.anna)
    assert asked.link == f"/deviations/{report.pk}/"
    assert set(asked.deliveries.values_list("channel", flat=True)) == {"in_app", "email"}


def test_the_restore_refreshes_the_draft_and_asks_nobody_twice(world):
    case = helped_with_key(world)
    restored(world, case)

    report = report_of(case)
    assert report.facts["still_out_of_order"] is False
    assert report.facts["out_of_order_minutes"] == 180
    assert report.facts["out_of_order_text"] == "3 h 0 min"
    assert report.facts["restored_by"] == "Kim"
    assert DeviationReport.objects.count() == 1
    assert Message.objects.filter(kind="deviation_report_due").count() == 1


def test_a_case_restored_without_a_key_yields_its_report_then(world):
    case = reported_by_anna(world)
    restored(world, case)

    report = report_of(case)
    assert report.owner == world.anna and report.created_at == RESTORED_AT


def test_a_telemetry_case_is_owned_by_whoever_confirmed_it_at_the_door(world):
    case = case_open(
        client=world.karin, kind="lock", source="telemetry", reported_by=None, now=TUESDAY_10
    ).case
    case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=TUESDAY_10 + timedelta(minutes=5),
    )
    restored(world, case)

    assert report_of(case).owner == world.anna


def test_a_telemetry_case_nobody_confirmed_is_the_coordinators(world):
    case = case_open(
        client=world.karin, kind="lock", source="telemetry", reported_by=None, now=TUESDAY_10
    ).case
    restored(world, case)

    report = report_of(case)
    assert report.owner is None and report.owner_role == Role.COORDINATOR
    assert Message.objects.filter(kind="deviation_report_due", recipient=world.kim).exists()
    assert not Message.objects.filter(kind="deviation_report_due", recipient=world.anna).exists()


def test_a_major_outage_is_the_operations_managers(world):
    outage = outage_over(world)

    report = DeviationReport.objects.get(outage=outage)
    assert report.owner is None and report.owner_role == Role.OPERATIONS_MANAGER
    assert report.unit is None
    assert report.facts["out_of_order_minutes"] == 180
    assert "Phoniros plattform svarar inte" in report.facts["description"]
    assert Message.objects.filter(kind="deviation_report_due", recipient=world.olof).exists()


def test_a_case_of_a_major_outage_has_no_report_of_its_own(world):
    outage = outage_over(world)
    case = case_open(
        client=world.karin,
        kind="lock",
        source="telemetry",
        reported_by=None,
        now=TUESDAY_10,
        major_outage_id=outage.pk,
    ).case
    key_sign_out(key=world.karin_unit_key, by=world.anna, case=case, now=KEY_AT)
    restored(world, case)

    # R15: the operations manager's report of the outage covers it.
    assert list(DeviationReport.objects.values_list("outage_id", "case_id")) == [(outage.pk, None)]
