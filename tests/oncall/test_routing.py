"""Out of hours, escalations go to whoever is on call for the unit, not to everyone (#12).

In office hours (coordinators 07:00–17:00 on working days) nothing changes.
With nobody on call the usual people hear, and the gap is in the audit log.
"""

from datetime import timedelta

from tests.cases.test_reminders import run_due
from tests.oncall.conftest import local
from vredvakt.accounts.models import Role
from vredvakt.audit.models import AuditEntry
from vredvakt.cases.services.opening import case_open
from vredvakt.jobs.loop import drain
from vredvakt.keys.loans import key_sign_out
from vredvakt.notifications.models import Message
from vredvakt.notifications.recipients import Group, Members
from vredvakt.oncall.routing import on_call_route
from vredvakt.oncall.services import oncall_exception_add

TUESDAY_16_59 = local(2026, 11, 24, 16, 59)
TUESDAY_17_01 = local(2026, 11, 24, 17, 1)


def missed(user) -> int:
    return Message.objects.filter(recipient=user, kind="deadline_missed").count()


def open_case(world, now):
    return case_open(
        client=world.karin, kind="lock", source="care_worker", reported_by=world.anna, now=now
    ).case


def routed(world, now):
    recipients = [Members(world.tumba, Role.COORDINATOR), Members(world.tumba, Role.UNIT_MANAGER)]
    return on_call_route(recipients, template="deadline_missed", now=now)


def gaps_recorded() -> int:
    return AuditEntry.objects.filter(action="oncall.gap").count()


def test_at_16_59_the_coordinators_and_managers_hear(world, tumba_roster):
    assert routed(world, TUESDAY_16_59) == [
        Members(world.tumba, Role.COORDINATOR),
        Members(world.tumba, Role.UNIT_MANAGER),
    ]


def test_at_17_01_only_the_person_on_call_hears(world, tumba_roster):
    assert routed(world, TUESDAY_17_01) == [tumba_roster, tumba_roster]


def test_a_missed_step_at_16_59_goes_to_the_units_coordinators_and_manager(world, tumba_roster):
    # A step due at once counts as missed after 30 minutes (R9).
    open_case(world, local(2026, 11, 24, 16, 29))
    run_due(TUESDAY_16_59)
    assert missed(world.kim) >= 1 and missed(world.ulla) >= 1
    assert missed(tumba_roster) == 0


def test_a_missed_step_at_17_01_reaches_only_the_person_on_call(world, tumba_roster):
    open_case(world, local(2026, 11, 24, 16, 31))
    run_due(TUESDAY_17_01)
    assert missed(tumba_roster) >= 1
    assert missed(world.kim) == 0 and missed(world.ulla) == 0
    assert gaps_recorded() == 0


def test_on_a_saturday_the_person_on_call_hears(world, tumba_roster):
    assert routed(world, local(2026, 11, 28, 11)) == [tumba_roster, tumba_roster]


def test_on_julafton_the_weekend_pattern_does_not_reach_and_an_exception_does(
    world, tumba_roster, berit
):
    # Thursday 24 December 2026: a day off (R10), so no coordinator is at work at 10:00,
    # and the weekly pattern has no period then.
    eve = local(2026, 12, 24, 10)
    assert routed(world, eve) == [
        Members(world.tumba, Role.COORDINATOR),
        Members(world.tumba, Role.UNIT_MANAGER),
    ]
    assert gaps_recorded() == 1
    oncall_exception_add(
        actor=world.ulla,
        unit=world.tumba,
        person=world.ulla,
        starts_at=local(2026, 12, 24, 7),
        ends_at=local(2026, 12, 24, 17),
        via="web",
        now=eve - timedelta(days=5),
    )
    assert routed(world, eve) == [world.ulla, world.ulla]


def test_the_evening_before_julafton_is_out_of_hours(world, tumba_roster):
    assert routed(world, local(2026, 12, 23, 17, 1)) == [tumba_roster, tumba_roster]


def test_dst_nights_go_to_the_person_on_call(world, tumba_roster):
    assert routed(world, local(2026, 3, 29, 3, 30)) == [tumba_roster, tumba_roster]
    assert routed(world, local(2026, 10, 25, 2, 30)) == [tumba_roster, tumba_roster]
    assert routed(world, local(2026, 10, 26, 6, 59)) == [tumba_roster, tumba_roster]
    assert routed(world, local(2026, 10, 26, 7, 0)) == [
        Members(world.tumba, Role.COORDINATOR),
        Members(world.tumba, Role.UNIT_MANAGER),
    ]


def test_with_nobody_on_call_the_usual_people_hear_and_the_gap_is_recorded(world):
    open_case(world, local(2026, 11, 24, 16, 31))
    run_due(TUESDAY_17_01)
    assert missed(world.kim) >= 1 and missed(world.ulla) >= 1
    gaps = AuditEntry.objects.filter(action="oncall.gap")
    assert gaps.exists()  # one per escalation that found nobody on call
    assert {(g.object_id, g.detail["template"]) for g in gaps} == {
        (str(world.tumba.pk), "deadline_missed")
    }


def test_other_units_and_groups_are_not_handed_over(world, tumba_roster):
    recipients = [Members(world.alarm_group, Role.UNIT_MANAGER), Group.ALARM_GROUP, world.anna]
    assert on_call_route(recipients, template="x", now=TUESDAY_17_01) == recipients


def test_every_unit_manager_becomes_each_units_person_on_call(world, tumba_roster):
    result = on_call_route([Group.ALL_UNIT_MANAGERS], template="major_outage", now=TUESDAY_17_01)
    assert tumba_roster in result
    assert Members(world.tumba, Role.UNIT_MANAGER) not in result
    assert Members(world.alby, Role.UNIT_MANAGER) in result  # Alby has no roster: its managers
    assert world.tumba in result  # the unit's shared mailbox, as before


def test_an_overdue_key_at_night_goes_to_the_person_on_call(world, tumba_roster):
    loan = key_sign_out(
        key=world.karin_unit_key,
        by=world.anna,
        now=local(2026, 11, 24, 18),
        reason="Besök",
        due_back_at=local(2026, 11, 24, 20),
    )
    drain(loan.due_back_at + timedelta(hours=1), only={"jobs"})
    overdue = Message.objects.filter(kind="key_overdue")
    assert overdue.filter(recipient=tumba_roster).exists()
    assert not overdue.filter(recipient__in=[world.kim, world.ulla]).exists()
