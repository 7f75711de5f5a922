"""Local time for the routine: every routine time is Europe/Stockholm wall-clock time."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by the spring-forward change (e.g. 02:30 on 2026-03-29)."""


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("the routine needs aware datetimes")
    return moment.astimezone(STOCKHOLM)


def at_local_time(day: date, wall: time) -> datetime:
    """`wall` o'clock on `day` in Stockholm, as an aware datetime.

    A time that does not exist that day (spring forward) is moved forward by the
    gap, as a clock on the wall would be; an ambiguous one (autumn) is the first.
    """
    naive = datetime.combine(day, wall.replace(tzinfo=None))
    # Round-tripping through UTC normalises a skipped time to the real one after it.
    return naive.replace(tzinfo=STOCKHOLM, fold=0).astimezone(UTC).astimezone(STOCKHOLM)


def localize_strict(naive: datetime) -> datetime:
    """A naive Stockholm wall-clock time made aware, refusing a time that never happened.

    Ambiguous times (the repeated hour in autumn) mean the first occurrence,
    still on summer time.
    """
    if naive.tzinfo is not None:
        raise ValueError("expected a naive datetime")
    aware = naive.replace(tzinfo=STOCKHOLM, fold=0)
    if aware.astimezone(UTC).astimezone(STOCKHOLM).replace(tzinfo=None) != naive:
        raise NonexistentLocalTime(
            f"{naive.isoformat(timespec='minutes')} does not exist in Europe/Stockholm "
            "(the clocks jump forward an hour that night)"
        )
    return aware


def parse_moment(text: str) -> datetime:
    """A moment typed by a person: ISO 8601, local Stockholm time unless it has an offset.

    Raises ValueError with a message meant for that person.
    """
    example = "like 2026-06-19T10:00 or 2026-06-19T10:00+02:00"
    text = text.strip()
    try:
        date.fromisoformat(text)
    except ValueError:
        pass
    else:
        raise ValueError(f"{text!r} has no time of day; give a date and time {example}")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date and time {example}") from None
    if parsed.tzinfo is None:
        parsed = localize_strict(parsed)
    return to_local(parsed)
