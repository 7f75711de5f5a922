"""The SMTP server is down for a while: the backlog goes out once it is back."""

from datetime import timedelta

from tests.conftest import World, make_user
from tests.notifications.conftest import NOW, all_delivered, deliver, outbound
from vredvakt.accounts.models import Role
from vredvakt.notifications.models import AttemptOutcome, DeliveryStatus
from vredvakt.notifications.recipients import Group
from vredvakt.notifications.services import notify
from vredvakt.notifications.transports.email import message_id


def test_a_backlog_is_delivered_after_the_server_returns_none_lost_none_twice(world: World, smtp):
    for n in range(60):
        make_user(f"chef{n}", (world.tumba, Role.UNIT_MANAGER))
    smtp.stop()
    notify(
        recipients=[Group.ALL_UNIT_MANAGERS],
        template="major_outage",
        context={"public": {"count": 48, "units": ["Enhet Tumba"], "started_at": NOW}},
        now=NOW,
    )
    total = outbound().count()
    assert total == 61
    # Down: every row is tried once and waits 30 s; again at +30 s, waits 60 s.
    deliver(NOW)
    deliver(NOW + timedelta(seconds=10))  # nothing is due yet
    deliver(NOW + timedelta(seconds=30))
    assert set(outbound().values_list("attempts", flat=True)) == {2}
    assert smtp.count() == 0
    smtp.start()
    deliver(NOW + timedelta(minutes=2))
    assert all_delivered()
    expected = {message_id(d) for d in outbound()}
    received = smtp.per_message_id()
    assert set(received) == expected
    assert set(received.values()) == {1}
    for delivery in outbound():
        outcomes = [a.outcome for a in delivery.attempt_log.all()]
        assert outcomes == [AttemptOutcome.TEMPORARY_ERROR] * 2 + [AttemptOutcome.DELIVERED]
    # Later ticks find nothing more to send.
    assert deliver(NOW + timedelta(hours=1)) == 0
    assert smtp.count() == total
    assert not outbound().exclude(status=DeliveryStatus.DELIVERED).exists()
