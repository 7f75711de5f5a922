"""SMS through a real local HTTP gateway: form POST with basic auth."""

from datetime import timedelta

from tests.conftest import World
from tests.notifications.conftest import NOW, PERSONAL_WORDS, deliver, outbound, set_phone
from vredvakt.notifications.models import AttemptOutcome, Channel, DeliveryStatus
from vredvakt.notifications.services import notify

NIGHT = {
    "public": {"unit": "Enhet Tumba", "count": 2},
    "personal": {
        "clients": [
            {"name": "Karin Lund", "address": "Lundgatan 4", "key": "N-1", "key_place": "Orren"},
            {"name": "Bengt Sjö", "address": "Sjögatan 4", "key": "N-2", "key_place": "Orren"},
        ]
    },
    "path": "/cases/",
}


def tell_the_night_patrol(world: World) -> None:
    notify(recipients=[world.nils], template="night_patrol_message", context=NIGHT, now=NOW)


def test_the_night_patrol_gets_an_sms_with_the_row_key_as_reference(world: World, sms_gateway):
    set_phone(world.nils, "070-123 45 67")
    tell_the_night_patrol(world)
    deliver(NOW)
    [sms] = sms_gateway.messages()
    delivery = outbound(Channel.SMS).get()
    assert sms.to == "+46701234567"
    assert sms.sender == "Vredvakt"
    assert sms.user == "vredvakt"  # basic auth reached the gateway
    assert sms.reference == str(delivery.key)
    assert (
        sms.message
        == "Vredvakt: 2 lås ur funktion i natt (Enhet Tumba). http://127.0.0.1:8000/cases/"
    )
    assert delivery.status == DeliveryStatus.DELIVERED


def test_sms_carries_no_client_name_or_address_by_default(world: World, sms_gateway):
    set_phone(world.nils, "0701234567")
    tell_the_night_patrol(world)
    deliver(NOW)
    [sms] = sms_gateway.messages()
    for word in (*PERSONAL_WORDS, "Bengt", "Sjögatan"):
        assert word not in sms.message


def test_a_number_the_gateway_refuses_is_a_permanent_error(world: World, sms_gateway):
    set_phone(world.nils, "+46700000000")
    tell_the_night_patrol(world)
    deliver(NOW)
    delivery = outbound(Channel.SMS).get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "SMS gateway 400: Invalid to number"
    assert deliver(NOW + timedelta(hours=1)) == 0
    assert delivery.attempt_log.get().outcome == AttemptOutcome.PERMANENT_ERROR


def test_a_gateway_in_trouble_is_retried(world: World, sms_gateway):
    set_phone(world.nils, "0701234567")
    sms_gateway.unavailable = True
    tell_the_night_patrol(world)
    deliver(NOW)
    delivery = outbound(Channel.SMS).get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.due_at == NOW + timedelta(seconds=30)
    sms_gateway.unavailable = False
    deliver(NOW + timedelta(seconds=30))
    assert outbound(Channel.SMS).get().status == DeliveryStatus.DELIVERED
    assert len(sms_gateway.messages()) == 1


def test_wrong_gateway_credentials_are_retried_not_given_up(world, sms_gateway, settings):
    settings.SMS_GATEWAY_PASSWORD = "wrong"
    set_phone(world.nils, "0701234567")
    tell_the_night_patrol(world)
    deliver(NOW)
    delivery = outbound(Channel.SMS).get()
    assert delivery.status == DeliveryStatus.PENDING  # fix the configuration and it goes out
    assert delivery.last_error == "SMS gateway 401: Unauthorized"


def test_an_invalid_number_is_recorded_as_failed_when_queued(world: World, sms_gateway):
    set_phone(world.nils, "ring mig")
    tell_the_night_patrol(world)
    delivery = outbound(Channel.SMS).get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "not a phone number: 'ring mig'"
