"""R4: what the client's care decisions mean for a case opened today."""

from dataclasses import dataclass
from datetime import date

from vredvakt.clients.decision_status import DecisionStatus, decision_status
from vredvakt.clients.models import CareDecision, Client


@dataclass(frozen=True)
class DecisionCheck:
    revoked: bool  # no decision valid today: the lock refuses the door by design
    expired_on: date | None  # the last day of the newest decision that has ended
    expires_on: date | None  # the valid decision ends within the warning window
    assessor_ids: tuple[int, ...]  # who granted the client's decisions


def check_decisions(client: Client, *, today: date, warning_days: int) -> DecisionCheck:
    decisions = list(CareDecision.objects.filter(client=client).order_by("-valid_until"))
    return check_of(decisions, today=today, warning_days=warning_days)


def check_of(decisions: list[CareDecision], *, today: date, warning_days: int) -> DecisionCheck:
    """The same check over decisions already read, newest end first (bulk opening)."""
    statuses = [
        (
            d,
            decision_status(
                valid_from=d.valid_from,
                valid_until=d.valid_until,
                today=today,
                warning_days=warning_days,
            ),
        )
        for d in decisions
    ]
    current = [d for d, s in statuses if s in (DecisionStatus.VALID, DecisionStatus.EXPIRING)]
    expiring = [d for d, s in statuses if s is DecisionStatus.EXPIRING]
    ended = [d for d, s in statuses if s is DecisionStatus.EXPIRED]
    # A longer valid decision outweighs one that is about to end.
    expires_on = None
    if expiring and not [d for d, s in statuses if s is DecisionStatus.VALID]:
        expires_on = max(d.valid_until for d in expiring)
    return DecisionCheck(
        revoked=not current,
        expired_on=ended[0].valid_until if ended and not current else None,
        expires_on=expires_on,
        assessor_ids=tuple(sorted({d.assessor_id for d in decisions if d.assessor_id})),
    )
