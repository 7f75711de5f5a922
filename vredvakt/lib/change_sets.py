"""What the registry services share: apply a change set, save, report a unique clash clearly."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

# Returns {field: message} for each unique value that is already taken.
ConflictFinder = Callable[[], dict[str, str]]
# {field name: (old value, new value)} of the fields a change set moved.
Changed = dict[str, tuple[Any, Any]]


def apply_changes(obj: Model, changes: Mapping[str, Any], allowed: Iterable[str]) -> Changed:
    """Set the fields whose value differs; return their old and new values.

    The audit entry records both (an auditor asks "what did it say before?");
    iterating the result gives the names, for `update_fields`.
    """
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"not changeable here: {', '.join(sorted(unknown))}")
    changed: Changed = {}
    for name, value in changes.items():
        old = getattr(obj, name)
        if old != value:
            setattr(obj, name, value)
            changed[name] = (old, value)
    return changed


def save_or_conflict(
    obj: Model, find_conflicts: ConflictFinder, update_fields: list[str] | None = None
) -> None:
    """Save `obj` (only `update_fields`, if given); a unique clash becomes a
    ValidationError with code "unique".

    Saving only the changed fields leaves columns that others write (a lock's
    telemetry state, say) as they are in the database.

    The database constraint decides (two requests may race), so we save first and
    look for what clashed afterwards. The savepoint keeps the outer transaction
    usable on PostgreSQL after the failed statement.
    """
    try:
        with transaction.atomic():
            obj.save(update_fields=update_fields)
    except IntegrityError:
        found = find_conflicts() or {
            NON_FIELD_ERRORS: _("This conflicts with a record saved at the same time. Try again.")
        }
        raise ValidationError(
            {field: ValidationError(message, code="unique") for field, message in found.items()}
        ) from None


def is_unique_clash(error: ValidationError) -> bool:
    """A refusal because a unique value is taken (the API answers 409), not a form error."""
    return any(getattr(e, "code", None) in {"unique", "unique_together"} for e in _leaves(error))


def _leaves(error: ValidationError) -> list[ValidationError]:
    if hasattr(error, "error_dict"):
        return [leaf for errors in error.error_dict.values() for leaf in errors]
    return list(error.error_list)
