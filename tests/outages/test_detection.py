"""R11: many locks of one area going silent at once open ONE major outage, not 50 messages."""

import pytest
from django.contrib.auth.models import User

from tests.conftest import World
from tests.notifications.servers import SmtpSink
from tests.outages.conftest import NOW, deliver, make_area, minutes, recipients, work
from vredvakt.cases.models import FaultCase
from vredvakt.locks.models import Lock
from vredvakt.notifications.models import Message
from vredvakt.outages.correlation import qualifies
from vredvakt.outages.models import MajorOutage
from vredvakt.outages.services import outage_notify_managers
from vredvakt.routine.parameters import RoutineParameters

PARAMS = RoutineParameters()  # 10 locks, or 5 % (at least 3), within 10 minutes


@pytest.mark.parametrize(
    ("count", "size", "expected"),
    [
        (10, 10_000, True),  # ten locks anywhere in one group
        (9, 1_000, False),
        (3, 60, True),  # 5 % of a small area
        (2, 20, False),  # two dead batteries are chance, even at 10 %
        (3, 61, False),  # under 5 %
    ],
)
def test_the_threshold(count: int, size: int, expected: bool) -> None:
    assert qualifies(count, size, PARAMS) is expected


def test_fifty_silent_locks_of_one_area_open_one_outage_and_one_set_of_emails(
    world: World, maja: User, alvar: User, smtp: SmtpSink
) -> None:
    storby = make_area("Storby", 50, world.tumba, silent_at=NOW)
    make_area("Lillby", 60, world.alby, silent_at=NOW + minutes(60))  # still reporting
    work(NOW)
    [outage] = MajorOutage.objects.all()
    assert (outage.source, outage.cause, outage.areas, outage.silent_vendors) == (
        "detected",
        "network",
        ["Storby"],
        [],
    )
    attached = FaultCase.objects.filter(major_outage=outage)
    assert attached.count() == 50
    assert set(attached.values_list("lock_id", flat=True)) == {lock.pk for lock in storby}
    assert set(attached.values_list("source", flat=True)) == {"telemetry"}
    # No per-case message: the coordinator and the alarm group hear of the outage instead.
    assert not Message.objects.exclude(kind="major_outage").exists()
    deliver(NOW)
    # R11: the alarm group's unit manager at once, and the alarm group.
    assert recipients(smtp) == {"maja@vredvakt.test": 1, "lars@vredvakt.test": 1}
    assert "50" in smtp.messages()[0].subject

    outage_notify_managers(outage=outage, by=maja, now=NOW + minutes(5))
    deliver(NOW + minutes(5))
    # R12, R13: every unit manager, internal and external, and the operations manager, once;
    # and the night patrol (#12).
    assert recipients(smtp) == {
        "maja@vredvakt.test": 2,
        "lars@vredvakt.test": 1,
        "ulla@vredvakt.test": 1,
        "alvar@vredvakt.test": 1,
        "olof@vredvakt.test": 1,
        "nils@vredvakt.test": 1,
    }
    assert smtp.count() == 7
    # Nothing more to send a minute later.
    work(NOW + minutes(6))
    deliver(NOW + minutes(6))
    assert smtp.count() == 7


def test_a_late_lock_of_the_same_area_joins_the_open_outage_quietly(
    world: World, maja: User
) -> None:
    make_area("Storby", 12, world.tumba, silent_at=NOW)
    [late] = make_area("Storby", 1, world.tumba, silent_at=NOW + minutes(30), prefix="LATE")
    work(NOW)
    outage = MajorOutage.objects.get()
    messages = Message.objects.count()
    work(NOW + minutes(30))
    assert FaultCase.objects.get(lock=late).major_outage == outage
    assert Message.objects.count() == messages


def test_a_few_silent_locks_open_ordinary_cases(world: World, maja: User) -> None:
    make_area("Storby", 2, world.tumba, silent_at=NOW)
    make_area("Storby", 60, world.tumba, silent_at=NOW + minutes(60), prefix="OK")
    work(NOW)
    assert not MajorOutage.objects.exists()
    assert FaultCase.objects.filter(major_outage=None).count() == 2
    assert Message.objects.filter(recipient=world.kim, kind="case_opened").count() == 2


def test_cases_opened_before_the_threshold_was_crossed_join_the_outage(
    world: World, maja: User
) -> None:
    make_area("Storby", 2, world.tumba, silent_at=NOW, prefix="EARLY")
    make_area("Storby", 10, world.tumba, silent_at=NOW + minutes(4))
    make_area("Storby", 80, world.tumba, silent_at=NOW + minutes(90), prefix="OK")
    work(NOW)
    early = list(FaultCase.objects.all())
    assert len(early) == 2
    work(NOW + minutes(4))
    outage = MajorOutage.objects.get()
    assert FaultCase.objects.filter(major_outage=outage).count() == 12
    for case in early:
        assert case.timeline.filter(data__attached=True).exists()


def test_a_whole_vendor_going_silent_says_its_platform_is_suspected(
    world: World, maja: User
) -> None:
    for area in ("Storby", "Lillby", "Mellanby"):
        make_area(area, 8, world.tumba, silent_at=NOW, vendor="Gantner")
    make_area("Storby", 40, world.tumba, silent_at=NOW + minutes(60), prefix="PHX")  # Phoniro lives
    Lock.objects.filter(vendor="Phoniro", last_seen_at=None).update(last_seen_at=NOW)
    work(NOW)
    outage = MajorOutage.objects.get()
    assert outage.silent_vendors == ["Gantner"]
    assert outage.cause == "platform"
    assert "Gantner" in outage.vendors
    assert outage.cases.count() == 24
    # The leader's message says so too (R11).
    told = Message.objects.get(kind="major_outage", recipient=maja)
    assert "Alla lås från Gantner tystnade samtidigt" in told.body


def test_an_outage_is_detected_only_within_the_window(world: World, maja: User) -> None:
    make_area("Storby", 5, world.tumba, silent_at=NOW)
    make_area("Storby", 5, world.tumba, silent_at=NOW + minutes(11), prefix="LATER")
    make_area("Storby", 200, world.tumba, silent_at=NOW + minutes(120), prefix="OK")
    work(NOW)
    work(NOW + minutes(11))
    # Ten in all, but never ten within ten minutes (and five is 2.3 % of the area).
    assert not MajorOutage.objects.exists()
    assert FaultCase.objects.count() == 10
