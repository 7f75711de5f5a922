"""deviation_counts: reports by state and age over a known set, worked out by hand."""

from datetime import UTC, datetime, timedelta

import time_machine

from tests.deviations.helpers import outage_over
from vredvakt.cases.services.lifecycle import case_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.deviations.figures import deviation_counts
from vredvakt.deviations.models import DeviationReport
from vredvakt.deviations.services import Account, report_submit

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
WRITTEN = Account(account="Hände.", serious="no")


def helped(world, client, day: int) -> DeviationReport:
    at = MONDAY + timedelta(days=day)
    case = case_open(
        client=client, kind="lock", source="care_worker", reported_by=world.anna, now=at
    ).case
    case_restore(case=case, by=world.kim, now=at + timedelta(hours=1))
    return DeviationReport.objects.get(case=case)


def test_counts_and_oldest_age_per_state(world):
    first = helped(world, world.karin, day=0)  # created Mon 2 Nov 11:00 local, submitted day 3
    report_submit(
        report=first,
        by=world.anna,
        written=WRITTEN,
        reference="AV-1",
        now=MONDAY + timedelta(days=3),
    )
    helped(world, world.karin, day=7)  # a draft since Mon 9 Nov 10:00 UTC
    helped(world, world.bengt, day=8)  # Alby's draft
    outage_over(world)  # 24 Nov: the operations manager's, no unit

    tumba = {row.state: row for row in deviation_counts([world.tumba], MONDAY, NOW, NOW)}
    everyone = {row.state: row for row in deviation_counts(None, MONDAY, NOW, NOW)}

    assert (tumba["draft"].count, tumba["submitted"].count, tumba["followed_up"].count) == (1, 1, 0)
    assert tumba["draft"].oldest_age == NOW - (MONDAY + timedelta(days=7, hours=1))
    assert tumba["submitted"].oldest_age == NOW - (MONDAY + timedelta(days=3))
    assert tumba["followed_up"].oldest_age is None
    assert everyone["draft"].count == 3  # Tumba's, Alby's and the outage's


def test_the_period_bounds_which_reports_count(world):
    helped(world, world.karin, day=0)

    later = deviation_counts([world.tumba], MONDAY + timedelta(days=1), NOW, NOW)

    assert [row.count for row in later] == [0, 0, 0]


def test_the_statistics_page_shows_the_units_reports_by_state(client, world):
    # #15 item 3: "deviation reports by state and age" beside the other figures.
    from tests.reports.test_views import tables_of

    first = helped(world, world.karin, day=0)
    report_submit(
        report=first,
        by=world.anna,
        written=WRITTEN,
        reference="AV-1",
        now=MONDAY + timedelta(days=3),
    )
    helped(world, world.karin, day=7)
    helped(world, world.bengt, day=8)  # Alby's: not Ulla's
    client.force_login(world.ulla)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/reports/", {"start": "2026-11-01", "end": "2026-11-29"})
    table = tables_of(page.content.decode())["deviation-reports"]
    states = [row[:2] for row in table[1:]]
    assert states == [["Utkast", "1"], ["Inskickad", "1"], ["Uppföljd och avslutad", "0"]]
    assert table[1][2] == "21,0"  # the draft of 9 Nov 11:00 local has waited 21 days at 30 Nov
