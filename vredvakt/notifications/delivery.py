"""The worker's delivery step: claim due outbox rows, send, record every attempt.

At-least-once: a row is recorded as delivered right after its send, in its own
small transaction, so a crash can at worst resend the one message in flight,
with the same Message-ID / SMS reference. Rows claimed and not yet sent are
taken over by another worker when the lease runs out (or at once by a worker
restarting under the same id).

Duplicates (#16): just before a send the row is marked `send_started_at`, and
only while the claim is still ours, so a worker whose lease ran out never sends
what another worker has taken. A send that went out while the database failed
is remembered in this process and recorded when the database answers again,
not sent twice. What remains is a worker killed mid-send: the next send of that
row finds the mark, counts a suspected duplicate and goes out with the same
Message-ID; at most one per lane per crash.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Case, F, PositiveIntegerField, When

from vredvakt.jobs.claims import claim_due, release_unstarted, retry_delay
from vredvakt.jobs.loop import Tick, after_reconnect, due_work
from vredvakt.notifications.models import (
    AttemptOutcome,
    Channel,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Message,
)
from vredvakt.notifications.transports import PermanentError, TemporaryError, Transport
from vredvakt.notifications.transports.email import EmailTransport
from vredvakt.notifications.transports.sms import SmsTransport

log = logging.getLogger("vredvakt.notifications")

BATCH_SIZE = 25
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(minutes=15)
# After this long a message is stale (the outage it reports is history): stop.
GIVE_UP_AFTER = timedelta(hours=24)


@due_work("notifications.deliver")
def deliver_due(tick: Tick) -> int:
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, due_at__lte=tick.now)
    claimed = claim_due(
        due,
        now=tick.now,
        lease=tick.lease,
        worker_id=tick.worker_id,
        limit=BATCH_SIZE * tick.threads,
    )
    if tick.threads == 1 or len(claimed) < 2:
        deliver_lane(claimed, tick)
    else:
        # Sending waits on the network; a few lanes, each with its own SMTP/HTTP and
        # database connection, keep one worker busy. Each row is still sent and
        # recorded on its own, so the at-least-once window stays one row per lane.
        lanes = [claimed[n :: tick.threads] for n in range(tick.threads)]
        with ThreadPoolExecutor(len(lanes), thread_name_prefix="deliver") as pool:
            list(pool.map(lambda lane: _lane_in_thread(lane, tick), lanes))  # re-raises
    return len(claimed)


def deliver_lane(rows: list[Delivery], tick: Tick) -> None:
    transports: dict[str, Transport] = {
        Channel.EMAIL: EmailTransport(),
        Channel.SMS: SmsTransport(),
    }
    try:
        for index, delivery in enumerate(rows):
            if tick.stopping():
                release_unstarted(rows[index:])
                break
            deliver_one(delivery, transports[delivery.channel], tick)
            tick.progress()
    finally:
        for transport in transports.values():
            transport.close()


def _lane_in_thread(rows: list[Delivery], tick: Tick) -> None:
    try:
        deliver_lane(rows, tick)
    finally:
        connection.close()  # the thread's own database connection dies with it


@dataclass(frozen=True)
class Unrecorded:
    """A send that went through while the database could not record it."""

    delivery: Delivery
    started: datetime
    finished: datetime
    worker_id: str


_unrecorded: list[Unrecorded] = []
_unrecorded_lock = threading.Lock()


def send_begin(delivery: Delivery, *, now: datetime) -> bool:
    """Mark the row as being sent, if it is still ours and pending; False: leave it.

    A mark left from before means an earlier send may have gone out (its worker
    died before recording it): this send is a suspected duplicate, counted.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # No wait for the disk: a mark lost in a database crash loses only a count,
            # and the check in the UPDATE below is what keeps a late worker from sending.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        updated = Delivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.PENDING, claim_token=delivery.claim_token
        ).update(
            send_started_at=now,
            suspected_duplicates=Case(
                When(send_started_at__isnull=False, then=F("suspected_duplicates") + 1),
                default=F("suspected_duplicates"),
                output_field=PositiveIntegerField(),
            ),
        )
    return bool(updated)


def deliver_one(delivery: Delivery, transport: Transport, tick: Tick) -> None:
    started = tick.moment()
    if not send_begin(delivery, now=started):
        return  # done or taken over by another worker since we claimed it
    try:
        transport.send(delivery)
    except PermanentError as exc:
        outcome, error = AttemptOutcome.PERMANENT_ERROR, str(exc)
    except TemporaryError as exc:
        outcome, error = AttemptOutcome.TEMPORARY_ERROR, str(exc)
    except DatabaseError:
        raise
    except Exception as exc:  # a bug or an unexpected library error: retry, loudly
        log.exception("delivery %s: unexpected error", delivery.pk)
        outcome, error = AttemptOutcome.TEMPORARY_ERROR, f"{type(exc).__name__}: {exc}"
    else:
        outcome, error = AttemptOutcome.DELIVERED, ""
    finished = tick.moment()
    try:
        record_attempt(
            delivery,
            outcome=outcome,
            error=error,
            started=started,
            finished=finished,
            worker_id=tick.worker_id,
        )
    except (OperationalError, InterfaceError):
        # The database went away after the send: record it when it is back.
        if outcome == AttemptOutcome.DELIVERED:
            with _unrecorded_lock:
                _unrecorded.append(Unrecorded(delivery, started, finished, tick.worker_id))
        raise  # a failed attempt is simply tried again later


@after_reconnect("notifications.unrecorded")
def record_unrecorded(worker_id: str) -> int:
    """Record the sends the database missed, before the worker hands back its rows."""
    with _unrecorded_lock:
        mine = [u for u in _unrecorded if u.worker_id == worker_id]
    for sent in mine:
        try:
            record_attempt(
                sent.delivery,
                outcome=AttemptOutcome.DELIVERED,
                error="",
                started=sent.started,
                finished=sent.finished,
                worker_id=sent.worker_id,
            )
        except (OperationalError, InterfaceError):
            raise  # still down: the worker tries again
        except DatabaseError:
            # A statement that fails every time must not hold the worker up: at worst
            # the row is sent again, with the same Message-ID.
            log.exception("delivery %s: could not record its send", sent.delivery.pk)
        with _unrecorded_lock:
            _unrecorded.remove(sent)
    return len(mine)


def record_attempt(
    delivery: Delivery,
    *,
    outcome: str,
    error: str,
    started: datetime,
    finished: datetime,
    worker_id: str,
) -> None:
    release = {
        "claimed_until": None,
        "claimed_by": "",
        "claim_token": None,
        "send_started_at": None,
    }
    with transaction.atomic():
        if outcome == AttemptOutcome.DELIVERED:
            # A send that went through is the truth whoever holds the claim now, so
            # record it if nobody has yet (fewer duplicates after a lease ran out).
            mine = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING)
            changes = {
                "status": DeliveryStatus.DELIVERED,
                "delivered_at": finished,
                "last_error": "",
            }
        else:
            mine = Delivery.objects.filter(
                pk=delivery.pk, status=DeliveryStatus.PENDING, claim_token=delivery.claim_token
            )
            changes = _failure(delivery, outcome=outcome, error=error, at=finished)
        updated = mine.update(attempts=F("attempts") + 1, **changes, **release)
        if not updated and outcome == AttemptOutcome.DELIVERED:
            outcome = AttemptOutcome.SUPERSEDED
        DeliveryAttempt.objects.create(
            delivery_id=delivery.pk,
            started_at=started,
            finished_at=finished,
            worker_id=worker_id,
            outcome=outcome,
            error=error[:2000],
        )
        if updated and changes.get("status") in (DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP):
            escalate_when_hopeless(delivery.message_id, now=finished)


def _failure(delivery: Delivery, *, outcome: str, error: str, at: datetime) -> dict[str, object]:
    if outcome == AttemptOutcome.PERMANENT_ERROR:
        return {"status": DeliveryStatus.FAILED, "failed_at": at, "last_error": error[:2000]}
    if at - delivery.created_at >= GIVE_UP_AFTER:
        return {"status": DeliveryStatus.GAVE_UP, "failed_at": at, "last_error": error[:2000]}
    delay = retry_delay(delivery.attempts + 1, base=RETRY_BASE, cap=RETRY_CAP)
    return {"due_at": at + delay, "last_error": error[:2000]}


def escalate_when_hopeless(message_id: int, *, now: datetime) -> None:
    """No outbound channel left to try and none got through: escalate now, not later."""
    outbound = Delivery.objects.filter(message_id=message_id).exclude(channel=Channel.IN_APP)
    hopeless = not outbound.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.DELIVERED]
    ).exists()
    if hopeless:
        Message.objects.filter(
            pk=message_id, escalated_at__isnull=True, read_at__isnull=True
        ).update(escalate_at=now)
