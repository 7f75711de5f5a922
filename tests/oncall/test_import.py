"""The on-call pattern imported from CSV (#12): all or nothing, each bad row named."""

from datetime import time

from django.utils import timezone, translation

from vredvakt.audit.models import AuditEntry
from vredvakt.imports.kinds import KINDS
from vredvakt.imports.services import csv_import
from vredvakt.oncall.models import OnCallSlot

HEADER = "unit;weekday;starts;end_weekday;ends;person\n"
GOOD = (
    HEADER + "tumba;monday;17:00;tuesday;07:00;ulla\n"
    "tumba;friday;17:00;monday;07:00;kim\n"
    "alby;wednesday;17:00;thursday;7:00;otto\n"
)


def run(world, text: str):
    return csv_import(
        kind=KINDS["oncall"],
        data=text.encode(),
        file_name="beredskap.csv",
        actor=world.adam,
        via="web",
        dry_run=False,
        now=timezone.now(),
    )


def test_good_rows_are_saved_and_audited_once(world):
    result = run(world, GOOD)
    assert result.errors == []
    friday = OnCallSlot.objects.get(unit=world.tumba, weekday=4)
    assert (friday.starts, friday.end_weekday, friday.ends) == (time(17), 0, time(7))
    assert friday.person == world.kim
    assert OnCallSlot.objects.count() == 3
    assert AuditEntry.objects.filter(action="import.oncall").count() == 1


def test_the_same_file_again_changes_nothing(world):
    run(world, GOOD)
    run(world, GOOD.replace("kim", "ulla"))
    assert OnCallSlot.objects.get(unit=world.tumba, weekday=4).person == world.ulla
    assert OnCallSlot.objects.count() == 3


def test_bad_rows_are_each_named_and_nothing_is_saved(world):
    bad = (
        HEADER + "tumba;monday;17:00;tuesday;07:00;ulla\n"
        "larmgruppen;monday;17:00;tuesday;07:00;lars\n"
        "tumba;fredag;25:00;monday;07:00;nobody\n"
        "tumba;monday;20:00;tuesday;06:00;kim\n"
    )
    with translation.override("en"):
        result = run(world, bad)
    reasons = {error.line: " | ".join(error.reasons) for error in result.errors}
    assert set(reasons) == {3, 4, 5}
    assert "no home-care unit with the code “larmgruppen”" in reasons[3]
    assert "“fredag” is not one of monday" in reasons[4]
    assert "“25:00” is not a time written HH:MM" in reasons[4]
    assert "no active user named “nobody”" in reasons[4]
    assert "overlaps another period" in reasons[5]
    assert not OnCallSlot.objects.exists()
    assert not AuditEntry.objects.filter(action="import.oncall").exists()
