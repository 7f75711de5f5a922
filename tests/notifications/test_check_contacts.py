"""`vredvakt check-contacts`: groups and escalation managers nobody can reach."""

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import World
from tests.notifications.conftest import set_phone
from vredvakt.notifications.contacts import contact_problems, normalize_phone


def test_it_lists_the_gaps_in_the_personas_world_and_exits_non_zero(world: World, capsys):
    with pytest.raises(CommandError, match="contact problem"):
        call_command("check-contacts")
    out = capsys.readouterr().out
    # Nils and Lars have email but no mobile: their messages require SMS (R8, R9).
    assert "Nils (nattpatrullen) har inget användbart mobilnummer" in out
    assert "Lars (larmgruppen) har inget användbart mobilnummer" in out
    # Alby and the other units have no unit manager to escalate to.
    assert "Enhet Alby har ingen enhetschef" in out


def test_a_group_nobody_can_reach_is_named(world: World):
    world.nils.email = ""
    world.nils.save()
    problems = contact_problems()
    assert (
        "nattpatrullen: ingen har en fungerande e-postadress eller mobiltelefon, "
        "och det finns ingen gemensam brevlåda eller telefon." in problems
    )
    world.night_patrol.phone = "08-123 456 78"
    world.night_patrol.save()
    assert not any(p.startswith("nattpatrullen:") for p in contact_problems())


def test_a_manager_whose_address_bounced_has_no_working_contact(world: World, smtp):
    from tests.notifications.conftest import NOW, case_opened
    from vredvakt.jobs.loop import drain

    world.ulla.email = "ulla@bounce.test"
    world.ulla.save()
    case_opened([world.ulla])
    drain(NOW)
    assert (
        "Ulla, enhetschef för Enhet Tumba, har inget fungerande sätt att nå." in contact_problems()
    )


def test_it_exits_zero_when_everyone_can_be_reached(world: World, capsys):
    for user in (world.nils, world.lars):
        set_phone(user, "0701234567")
    for unit in (world.alby, world.alarm_group, world.night_patrol, world.management):
        from vredvakt.accounts.models import Membership, Role

        Membership.objects.get_or_create(user=world.ulla, unit=unit, role=Role.UNIT_MANAGER)
    world.management.memberships.filter(user=world.ulla).delete()
    from tests.conftest import make_user

    make_user("maja", (world.management, Role.UNIT_MANAGER))
    call_command("check-contacts")
    assert "Every group and escalation manager can be reached." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("070-123 45 67", "+46701234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("0046701234567", "+46701234567"),
        ("08-123 456 78", "+46812345678"),
        ("ring mig", None),
        ("", None),
    ],
)
def test_phone_numbers_are_normalised_to_international_form(raw, number):
    assert normalize_phone(raw) == number
