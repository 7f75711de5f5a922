"""notify(): one row per recipient and channel, written in the caller's transaction."""

import pytest
from django.db import transaction

from tests.conftest import World, make_user
from tests.notifications.conftest import CASE, NOW, case_opened, set_phone
from vredvakt.accounts.models import Role
from vredvakt.notifications.models import Channel, Delivery, DeliveryStatus, Message
from vredvakt.notifications.recipients import Group, Members
from vredvakt.notifications.services import notify, preferences_save


def channels_of(message: Message) -> dict[str, str]:
    return {d.channel: d.status for d in message.deliveries.all()}


def test_it_writes_in_app_and_the_default_channels_for_each_recipient(world: World, settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    set_phone(world.kim, "070-123 45 67")
    [message] = case_opened([world.kim])
    assert message.recipient == world.kim
    assert (message.subject_type, message.subject_id) == CASE
    assert channels_of(message) == {
        Channel.IN_APP: DeliveryStatus.DELIVERED,  # the inbox has it at once
        Channel.EMAIL: DeliveryStatus.PENDING,
        Channel.SMS: DeliveryStatus.PENDING,
    }
    sms = message.deliveries.get(channel=Channel.SMS)
    assert sms.address == "+46701234567"


def test_a_default_channel_without_an_address_is_skipped_quietly(world: World, settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    [message] = case_opened([world.kim])  # Kim has no phone; case_opened only defaults to SMS
    assert set(channels_of(message)) == {Channel.IN_APP, Channel.EMAIL}


def test_a_required_channel_without_an_address_fails_at_once_and_escalates_now(world, settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    world.nils.email = ""
    world.nils.save()
    [message] = notify(
        recipients=[world.nils],
        template="night_patrol_message",  # R9: the routine requires SMS
        context={"public": {"unit": "Enhet Tumba", "count": 1}},
        now=NOW,
    )
    sms = message.deliveries.get(channel=Channel.SMS)
    assert sms.status == DeliveryStatus.FAILED
    assert sms.last_error == "no mobile phone number"
    assert message.escalate_at == NOW


def test_without_an_sms_gateway_sms_becomes_email(world: World, settings):
    settings.SMS_GATEWAY_URL = ""
    set_phone(world.nils, "0701234567")
    [message] = notify(
        recipients=[world.nils],
        template="night_patrol_message",
        context={"public": {"unit": "Enhet Tumba", "count": 1}},
        now=NOW,
    )
    assert set(channels_of(message)) == {Channel.IN_APP, Channel.EMAIL}


def test_groups_resolve_to_members_and_to_unit_mailboxes(world: World):
    world.night_patrol.email = "natt@kommun.test"
    world.night_patrol.save()
    world.alby.email = "alby@privat.test"  # an external unit's shared mailbox
    world.alby.save()
    uno = make_user("uno", (world.alby, Role.UNIT_MANAGER))
    messages = notify(
        recipients=[Group.NIGHT_PATROL, Group.ALL_UNIT_MANAGERS, Group.OPERATIONS_MANAGER],
        template="major_outage",
        context={"public": {"count": 40, "units": ["Enhet Tumba"], "started_at": NOW}},
        now=NOW,
    )
    people = {m.recipient for m in messages if m.recipient}
    units = {m.recipient_unit for m in messages if m.recipient_unit}
    assert people == {world.nils, world.ulla, uno, world.olof}
    assert units == {world.night_patrol, world.alby}
    mailbox = next(m for m in messages if m.recipient_unit == world.alby)
    assert channels_of(mailbox) == {Channel.EMAIL: DeliveryStatus.PENDING}
    assert mailbox.deliveries.get().address == "alby@privat.test"


def test_a_person_in_two_groups_gets_one_message(world: World):
    both = make_user("bo", (world.alarm_group, Role.ALARM_GROUP), (world.tumba, Role.UNIT_MANAGER))
    messages = notify(
        recipients=[Group.ALARM_GROUP, Group.ALL_UNIT_MANAGERS, both],
        template="outage_update",
        context={"public": {"count": 3, "at": NOW}},
        now=NOW,
    )
    assert [m.recipient for m in messages].count(both) == 1


def test_members_of_a_unit_reach_only_that_units_role(world: World):
    messages = case_opened([Members(unit=world.tumba, role=Role.COORDINATOR)])
    assert [m.recipient for m in messages] == [world.kim]  # not Otto, Alby's coordinator


def test_rows_vanish_with_the_callers_rolled_back_transaction(world: World):
    with pytest.raises(RuntimeError), transaction.atomic():
        case_opened([world.kim])
        raise RuntimeError("the case could not be saved")
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()


def test_it_refuses_a_context_that_is_not_split_into_public_and_personal(world: World):
    with pytest.raises(ValueError, match="public, personal and path"):
        notify(
            recipients=[world.kim],
            template="case_opened",
            context={"client": "Karin Lund"},
            now=NOW,
        )


def test_the_person_chooses_channels_but_cannot_drop_what_the_routine_requires(world, settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    set_phone(world.nils, "0701234567")
    preferences_save(
        user=world.nils,
        language="en",
        channels={"night_patrol_message": [], "case_opened": []},
        now=NOW,
    )
    [message] = notify(
        recipients=[world.nils],
        template="night_patrol_message",
        context={"public": {"unit": "Enhet Tumba", "count": 2}},
        now=NOW,
    )
    assert set(channels_of(message)) == {Channel.IN_APP, Channel.SMS}
    assert message.language == "en"
    assert message.title == "2 locks out of order tonight"


def test_in_app_only_by_choice_is_not_escalated(world: World):
    preferences_save(user=world.kim, language="sv", channels={"case_opened": []}, now=NOW)
    [message] = case_opened([world.kim])
    assert set(channels_of(message)) == {Channel.IN_APP}
    assert message.escalate_at is None


def test_each_outbound_row_has_its_own_idempotency_key(world: World):
    messages = case_opened([world.kim, world.ulla, world.anna])
    keys = list(Delivery.objects.values_list("key", flat=True))
    assert len(messages) == 3
    assert len(set(keys)) == len(keys)
