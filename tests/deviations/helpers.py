"""Cases and outages played through the routine, for the deviation report tests."""

from datetime import UTC, datetime, timedelta

from vredvakt.cases.models import FaultCase
from vredvakt.cases.services.lifecycle import case_restore
from vredvakt.cases.services.opening import case_open
from vredvakt.deviations.models import DeviationReport
from vredvakt.keys.loans import key_sign_out
from vredvakt.outages.correlation import Scope
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import outage_declare, outage_restore

TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
KEY_AT = TUESDAY_10 + timedelta(minutes=20)
RESTORED_AT = TUESDAY_10 + timedelta(hours=3)


def reported_by_anna(world) -> FaultCase:
    return case_open(
        client=world.karin,
        kind="lock",
        source="care_worker",
        reported_by=world.anna,
        now=TUESDAY_10,
        note="Låset svarar inte i appen.",
        lock=world.karin_lock,
    ).case


def helped_with_key(world) -> FaultCase:
    """Anna reports Karin's lock and opens the door with the unit key (R1)."""
    case = reported_by_anna(world)
    key_sign_out(key=world.karin_unit_key, by=world.anna, case=case, now=KEY_AT)
    return case


def restored(world, case: FaultCase) -> FaultCase:
    return case_restore(case=case, by=world.kim, now=RESTORED_AT, note="Nytt batteri.")


def report_of(case: FaultCase) -> DeviationReport:
    return DeviationReport.objects.get(case=case)


def outage_over(world) -> MajorOutage:
    outage = outage_declare(
        by=world.lars,
        description="Phoniros plattform svarar inte",
        scope=Scope(vendor={"Phoniro"}),
        now=TUESDAY_10,
    )
    return outage_restore(
        outage=outage, by=world.lars, now=RESTORED_AT, note="Plattformen är uppe."
    )
