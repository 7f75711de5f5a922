"""The weekly on-call pattern (#12): a unit's on-call periods, matched on unit + weekday + start."""

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Unit, UnitKind
from vredvakt.imports.base import (
    Column,
    ImportKind,
    Planned,
    References,
    ReferenceSource,
    Row,
    RowError,
)
from vredvakt.oncall.models import OnCallSlot
from vredvakt.oncall.periods import WeeklyPeriod, occurrences
from vredvakt.routine.clock import STOCKHOLM

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
# Any Monday: two weeks from it hold every pair of weekly periods that can meet.
A_MONDAY = datetime(2026, 1, 5, tzinfo=STOCKHOLM)


def _weekday(row: Row, column: str) -> int | None:
    value = row.text(column).lower()
    if value and value not in DAYS:
        reason = gettext("%(column)s: “%(value)s” is not one of %(allowed)s")
        row.fail(reason % {"column": column, "value": value, "allowed": ", ".join(DAYS)})
    return DAYS.index(value) if value in DAYS else None


def _clock(row: Row, column: str) -> time | None:
    value = row.text(column)
    match = CLOCK.fullmatch(value)
    if value and not match:
        reason = gettext("%(column)s: “%(value)s” is not a time written HH:MM")
        row.fail(reason % {"column": column, "value": value})
    return time(int(match.group(1)), int(match.group(2))) if match else None


def _period(slot: OnCallSlot) -> WeeklyPeriod:
    return WeeklyPeriod(slot.weekday, slot.starts, slot.end_weekday, slot.ends, slot.person_id)


def _overlapping(periods: Iterable[WeeklyPeriod]) -> bool:
    spans = sorted(occurrences(periods, A_MONDAY, A_MONDAY + timedelta(days=21)))
    return any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))


class OnCallImport(ImportKind[OnCallSlot]):
    name = "oncall"
    label = _("On-call pattern")
    model = OnCallSlot
    key_fields = ("unit_id", "weekday", "starts")
    columns = (
        Column("unit"),
        Column("weekday"),
        Column("starts"),
        Column("end_weekday"),
        Column("ends"),
        Column("person"),
    )

    def references(self, rows: ReferenceSource) -> References:
        users = get_user_model().objects.filter(
            is_active=True, username__in=rows.values_of("person")
        )
        units = Unit.objects.filter(kind=UnitKind.HOME_CARE)
        return {
            "unit": dict(units.values_list("code", "pk")),
            "person": dict(users.values_list("username", "pk")),
        }

    def parse(self, row: Row, refs: References) -> dict[str, Any]:
        return {
            "unit_id": row.reference(
                "unit",
                refs["unit"],
                missing=_("unit: there is no home-care unit with the code “%(value)s”"),
                required=True,
            ),
            "weekday": _weekday(row, "weekday"),
            "starts": _clock(row, "starts"),
            "end_weekday": _weekday(row, "end_weekday"),
            "ends": _clock(row, "ends"),
            "person_id": row.reference(
                "person",
                refs["person"],
                missing=_("person: there is no active user named “%(value)s”"),
                required=True,
            ),
        }

    def existing(self, keys: Iterable[tuple[Any, ...]]) -> dict[tuple[Any, ...], OnCallSlot]:
        # The file names units by code; the pattern is small, so read it whole.
        return {self.key_of(slot): slot for slot in OnCallSlot.objects.all()}

    def check_rows(self, planned: list[Planned[OnCallSlot]]) -> list[RowError]:
        """A unit's periods, those in the file and those kept, must not overlap."""
        in_file = {self.key_of(p.obj) for p in planned}
        by_unit: dict[int, list[WeeklyPeriod]] = defaultdict(list)
        for slot in OnCallSlot.objects.all():
            if self.key_of(slot) not in in_file:
                by_unit[slot.unit_id].append(_period(slot))
        errors = []
        for item in planned:
            others = by_unit[item.obj.unit_id]
            if _overlapping([*others, _period(item.obj)]):
                reason = gettext("this period overlaps another period of the unit's week")
                errors.append(RowError(item.line, [reason]))
            others.append(_period(item.obj))
        return errors


kind = OnCallImport()
