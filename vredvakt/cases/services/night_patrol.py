"""The message to the night patrol (R9 by 17:00; R10 at once on a day off).

The coordinator gets a draft listing every open case of the unit that the
night patrol has not yet heard of: client, address, which key and where it is.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vredvakt.accounts.models import Unit
from vredvakt.audit.services import audit_record
from vredvakt.cases.errors import CaseError
from vredvakt.cases.models import CaseStatus, CaseStep, FaultCase, NightPatrolMessage
from vredvakt.cases.services.lifecycle import finish_step
from vredvakt.cases.services.timeline import EntryKind, timeline_append
from vredvakt.cases.steps import StepCode
from vredvakt.clients.models import Client
from vredvakt.notifications.recipients import Group
from vredvakt.notifications.services import notify
from vredvakt.routine.shifts import KeyKind


@dataclass(frozen=True)
class PatrolLine:
    case: FaultCase
    key: str
    key_place: str


def cases_for_night_patrol(unit: Unit) -> QuerySet[FaultCase]:
    """Open cases of the unit whose night-patrol step is still to do."""
    pending = CaseStep.objects.filter(code=StepCode.MESSAGE_NIGHT_PATROL, done_at__isnull=True)
    return (
        FaultCase.objects.filter(unit=unit, status=CaseStatus.OPEN, steps__in=pending)
        .select_related("client", "unit")
        .order_by("opened_at")
    )


def patrol_lines(cases: list[FaultCase]) -> list[PatrolLine]:
    # The night patrol uses the night/alarm key (R2), whatever the shift at opening.
    keys = _night_keys([c.client_id for c in cases])
    lines = []
    for case in cases:
        night_key = keys.get(case.client_id)
        if night_key is None:
            lines.append(PatrolLine(case, _("no night key registered"), ""))
            continue
        code, hook, storage = night_key
        place = storage if storage is not None else _("place unknown")
        if hook:
            place = _("%(place)s, hook %(hook)s") % {"place": place, "hook": hook}
        lines.append(PatrolLine(case, code, place))
    return lines


def _night_keys(client_ids: list[int]) -> dict[int, tuple[str, str, str | None]]:
    """Each client's first night key by code: (code, hook, storage place name or None)."""
    # Read through the relation the keys app declares on Client (keys sits above cases).
    rows = (
        Client.objects.filter(pk__in=client_ids, keys__kind=KeyKind.NIGHT_KEY)
        .order_by("keys__code")
        .values_list("pk", "keys__code", "keys__hook", "keys__storage__name")
    )
    found: dict[int, tuple[str, str, str | None]] = {}
    for client_id, code, hook, storage in rows:
        found.setdefault(client_id, (code, hook, storage))
    return found


def night_patrol_draft(lines: list[PatrolLine]) -> str:
    rows = [
        f"- {line.case.client}, {line.case.client.full_address}: {line.key} ({line.key_place})"
        for line in lines
    ]
    return "\n".join(rows)


def night_patrol_message_send(
    *,
    unit: Unit,
    case_ids: list[int],
    text: str,
    by: AbstractBaseUser,
    now: datetime,
    via: str = "web",
) -> NightPatrolMessage:
    """Send the reviewed message; each case records when the night patrol was told."""
    with transaction.atomic():
        cases = list(cases_for_night_patrol(unit).filter(pk__in=case_ids).select_for_update())
        if not cases or len(cases) != len(set(case_ids)):
            raise CaseError(
                _("Choose open cases of this unit that the night patrol has not been told of.")
            )
        lines = patrol_lines(cases)
        message = NightPatrolMessage.objects.create(
            sent_at=now, sent_by_id=by.pk, unit=unit, text=text.strip() or night_patrol_draft(lines)
        )
        message.cases.set(cases)
        _notify_patrol(unit, lines, message, now)
        for case in cases:
            finish_step(case, StepCode.MESSAGE_NIGHT_PATROL, by, now, strict=True)
            timeline_append(
                case=case,
                kind=EntryKind.NIGHT_PATROL_MESSAGED,
                at=now,
                actor=by,
                data={"message": message.pk},
            )
        audit_record(
            actor=by,
            action="night_patrol.message",
            obj=message,
            via=via,
            now=now,
            detail={"cases": [c.pk for c in cases]},
        )
    return message


def _notify_patrol(
    unit: Unit, lines: list[PatrolLine], message: NightPatrolMessage, now: datetime
) -> None:
    notify(
        recipients=[Group.NIGHT_PATROL],
        template="night_patrol_message",
        context={
            "public": {"unit": unit.name, "count": len(lines)},
            "personal": {
                "clients": [
                    {
                        "name": str(line.case.client),
                        "address": line.case.client.full_address,
                        "key": line.key,
                        "key_place": line.key_place,
                    }
                    for line in lines
                ],
                "note": message.text,
            },
            "path": "/",
        },
        subject=message,
        now=now,
    )
