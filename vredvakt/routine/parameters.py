"""The routine's parameters (R16): what a routine version decides."""

from dataclasses import asdict, dataclass, fields
from datetime import date, time
from typing import Any

MAX_VALIDITY_YEARS = 5  # R16: a routine is valid at most 5 years.
HOLIDAY_CATEGORIES = ("public", "de_facto", "bank")
CHANNELS = ("email", "sms", "in_app")
# A key loan's minimum stays within a long shift: a longer loan is a register change.
MAX_KEY_LOAN_MIN_MINUTES = 12 * 60


class InvalidParameters(ValueError):
    pass


@dataclass(frozen=True)
class RoutineParameters:
    day_starts: time = time(7, 0)  # R1/R2: shift hours are configuration.
    night_starts: time = time(22, 0)
    night_patrol_deadline: time = time(17, 0)  # R9
    working_day_starts: time = time(8, 0)  # R10: next working day's start (the alarm group's).
    # Working hours on working days (#12): no step is due before its team is at work.
    coordinator_day_starts: time = time(7, 0)
    coordinator_day_ends: time = time(17, 0)
    alarm_group_day_ends: time = time(16, 0)
    # R5 (#13): a key loan lasts at least this long; near a shift's end it follows the next.
    key_loan_min_minutes: int = 120
    holiday_categories: tuple[str, ...] = ("public", "de_facto")  # R10
    decision_warning_days: int = 7  # R4
    major_outage_min_locks: int = 10  # R11
    major_outage_min_share_percent: float = 5.0  # R11
    major_outage_window_minutes: int = 10  # R11
    outage_update_interval_minutes: int = 120  # R12
    # R17: a silent lock is declared offline only after its expected heartbeat
    # interval plus this grace, so a lock that comes back in time opens nothing.
    offline_grace_minutes: int = 10
    battery_warning_percent: int = 20  # R17: low battery shows before the lock dies.
    battery_critical_percent: int = 10
    # Channels on which client names and addresses may be sent; none by default.
    personal_data_channels: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, time):
                out[key] = value.strftime("%H:%M")
            elif isinstance(value, tuple):
                out[key] = list(value)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "RoutineParameters":
        known = {f.name: f for f in fields(cls)}
        unknown = set(data) - set(known)
        if unknown:
            raise InvalidParameters(f"unknown parameters: {', '.join(sorted(unknown))}")
        defaults = cls()
        values = {name: _parse(name, data[name], getattr(defaults, name)) for name in data}
        params = cls(**values)
        params.check()
        return params

    def check(self) -> None:
        if not self.night_starts > self.day_starts:
            raise InvalidParameters("night_starts must be after day_starts")
        if not self.coordinator_day_ends > self.coordinator_day_starts:
            raise InvalidParameters("coordinator_day_ends must be after coordinator_day_starts")
        if not self.alarm_group_day_ends > self.working_day_starts:
            raise InvalidParameters("alarm_group_day_ends must be after working_day_starts")
        for category in self.holiday_categories:
            if category not in HOLIDAY_CATEGORIES:
                raise InvalidParameters(f"unknown holiday category {category!r}")
        for channel in self.personal_data_channels:
            if channel not in CHANNELS:
                raise InvalidParameters(f"unknown channel {channel!r}")
        numbers = (
            "decision_warning_days",
            "major_outage_min_locks",
            "major_outage_window_minutes",
            "outage_update_interval_minutes",
            "offline_grace_minutes",
        )
        for name in numbers:
            if getattr(self, name) < 1:
                raise InvalidParameters(f"{name} must be at least 1")
        if not 0 <= self.key_loan_min_minutes <= MAX_KEY_LOAN_MIN_MINUTES:
            raise InvalidParameters(
                f"key_loan_min_minutes must be in [0, {MAX_KEY_LOAN_MIN_MINUTES}]"
            )
        if not 0 < self.major_outage_min_share_percent <= 100:
            raise InvalidParameters("major_outage_min_share_percent must be in (0, 100]")
        if not 0 <= self.battery_critical_percent <= self.battery_warning_percent <= 100:
            raise InvalidParameters("battery percents must satisfy 0 <= critical <= warning <= 100")


def _parse(name: str, value: Any, default: Any) -> Any:
    try:
        if isinstance(default, time):
            return time.fromisoformat(value) if isinstance(value, str) else _fail()
        if isinstance(default, tuple):
            return tuple(str(v) for v in value) if isinstance(value, list | tuple) else _fail()
        if (
            isinstance(default, bool)
            or not isinstance(value, int | float)
            or isinstance(value, bool)
        ):
            return _fail()
        return type(default)(value)
    except (ValueError, TypeError):
        raise InvalidParameters(f"{name}: {value!r} is not a valid value") from None


def _fail() -> Any:
    raise ValueError


def latest_valid_until(decided_on: date) -> date:
    """R16: the last day a routine decided on `decided_on` may be valid."""
    try:
        return decided_on.replace(year=decided_on.year + MAX_VALIDITY_YEARS)
    except ValueError:  # decided on 29 February
        return decided_on.replace(year=decided_on.year + MAX_VALIDITY_YEARS, day=28)
