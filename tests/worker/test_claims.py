"""Claims: exclusive, taken over after the lease, given back by a restarted worker."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from vredvakt.jobs.claims import claim_due, release_unstarted, retry_delay
from vredvakt.jobs.models import JobState, ScheduledJob
from vredvakt.jobs.services import release_own_claims

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


def make_jobs(count: int) -> None:
    ScheduledJob.objects.bulk_create(
        ScheduledJob(kind="tests.noop", due_at=NOW, key=str(uuid.uuid4()), created_at=NOW)
        for _ in range(count)
    )


def due():
    return ScheduledJob.objects.filter(state=JobState.PENDING, due_at__lte=NOW)


def test_two_workers_never_claim_the_same_row():
    make_jobs(10)
    first = claim_due(due(), now=NOW, lease=LEASE, worker_id="a", limit=6)
    second = claim_due(due(), now=NOW, lease=LEASE, worker_id="b", limit=6)
    assert len(first) == 6
    assert len(second) == 4
    assert not {j.pk for j in first} & {j.pk for j in second}
    assert claim_due(due(), now=NOW, lease=LEASE, worker_id="c", limit=6) == []


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_lease():
    make_jobs(3)
    claim_due(due(), now=NOW, lease=LEASE, worker_id="dead", limit=3)
    just_before = NOW + LEASE - timedelta(seconds=1)
    assert claim_due(due(), now=just_before, lease=LEASE, worker_id="b", limit=3) == []
    after = NOW + LEASE + timedelta(seconds=1)
    taken = claim_due(due(), now=after, lease=LEASE, worker_id="b", limit=3)
    assert len(taken) == 3
    assert {j.claimed_by for j in taken} == {"b"}


def test_a_worker_restarting_under_its_id_takes_its_rows_back_at_once():
    make_jobs(3)
    claim_due(due(), now=NOW, lease=LEASE, worker_id="w1", limit=3)
    claim_due(due(), now=NOW, lease=LEASE, worker_id="w2", limit=3)
    assert release_own_claims(worker_id="w1") == 3
    assert len(claim_due(due(), now=NOW, lease=LEASE, worker_id="w1", limit=3)) == 3


def test_a_stopping_worker_hands_back_what_it_did_not_start():
    make_jobs(4)
    claimed = claim_due(due(), now=NOW, lease=LEASE, worker_id="a", limit=4)
    release_unstarted(claimed[2:])
    assert len(claim_due(due(), now=NOW, lease=LEASE, worker_id="b", limit=4)) == 2


def test_it_claims_due_rows_oldest_first():
    ScheduledJob.objects.create(kind="x", due_at=NOW, key="late", created_at=NOW)
    ScheduledJob.objects.create(
        kind="x", due_at=NOW - timedelta(hours=1), key="early", created_at=NOW
    )
    [job] = claim_due(due(), now=NOW, lease=LEASE, worker_id="a", limit=1)
    assert job.key == "early"


def test_retry_delay_is_exponential_with_a_cap():
    base, cap = timedelta(seconds=30), timedelta(minutes=15)
    delays = [retry_delay(n, base=base, cap=cap).total_seconds() for n in range(1, 9)]
    assert delays == [30, 60, 120, 240, 480, 900, 900, 900]
    assert retry_delay(10_000, base=base, cap=cap) == cap
