"""Small presentation helpers for Vredvakt's templates."""

from django import template

from vredvakt.locks.telemetry import LockStatus

register = template.Library()

# A CSS hint per lock status; the status text is always shown beside it.
LOCK_LEVELS: dict[str, str] = {
    LockStatus.OK: "ok",
    LockStatus.PENDING: "warn",
    LockStatus.LOW_BATTERY: "warn",
    LockStatus.UNKNOWN: "warn",
    LockStatus.OFFLINE: "bad",
    LockStatus.JAMMED: "bad",
}


@register.filter
def lock_level(status: str) -> str:
    return LOCK_LEVELS.get(status, "warn")
