"""What an import kind is, and the cell parsers its rows share.

Each kind (clients, decisions, locks, keys) is a small module in `kinds/` that
names its columns and turns one row into model field values; services.py does
the reading, the checks across rows and the saving for all of them.
"""

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, Protocol, TypeVar

from django.db.models import Model, TextChoices
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=Model)
T = TypeVar("T")
# Column name → {value in the file → primary key}, prefetched once per import.
References = dict[str, dict[str, int]]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
POSTAL_CODE = re.compile(r"(\d{3}) ?(\d{2})")
# `__in` lookups are split so that SQLite's limit on query parameters is never hit.
CHUNK = 500


@dataclass(frozen=True)
class Column:
    name: str
    # Optional columns may be left out of the header; then the field is not touched.
    required: bool = True


@dataclass
class RowError:
    line: int
    reasons: list[str]

    def __str__(self) -> str:
        return _("line %(line)s: %(reason)s") % {
            "line": self.line,
            "reason": "; ".join(self.reasons),
        }


@dataclass
class Row:
    """One data row: its cells by column name, and what is wrong with them so far."""

    line: int
    cells: dict[str, str]
    reasons: list[str] = field(default_factory=list)

    def has(self, column: str) -> bool:
        return column in self.cells

    def fail(self, reason: str) -> None:
        self.reasons.append(reason)

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.cells.get(column, "")
        if required and not value:
            self.fail(_("%s must not be empty") % column)
        return value

    def date(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            if ISO_DATE.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(
            _("%(column)s: “%(value)s” is not a date written YYYY-MM-DD")
            % {"column": column, "value": value}
        )
        return None

    def integer(self, column: str, *, default: int, minimum: int) -> int | None:
        value = self.text(column, required=False)
        if not value:
            return default
        if not re.fullmatch(r"[+-]?\d{1,18}", value):
            self.fail(
                _("%(column)s: “%(value)s” is not a whole number")
                % {"column": column, "value": value}
            )
            return None
        number = int(value)
        if number < minimum:
            self.fail(
                _("%(column)s must be at least %(minimum)s")
                % {"column": column, "minimum": minimum}
            )
            return None
        return number

    def choice(self, column: str, choices: type[TextChoices]) -> str:
        value = self.text(column)
        if value and value not in choices.values:
            allowed = ", ".join(choices.values)
            self.fail(
                _("%(column)s: “%(value)s” is not one of %(allowed)s")
                % {"column": column, "value": value, "allowed": allowed}
            )
        return value

    def postal_code(self, column: str) -> str:
        value = self.text(column)
        match = POSTAL_CODE.fullmatch(value)
        if value and not match:
            self.fail(
                _("%(column)s: “%(value)s” is not a Swedish postal code (five digits, like 147 30)")
                % {"column": column, "value": value}
            )
            return value
        # Stored one way, so "14730" and "147 30" are the same value on re-import.
        return f"{match.group(1)} {match.group(2)}" if match else value

    def reference(
        self, column: str, known: Mapping[str, int], *, missing: StrOrPromise, required: bool
    ) -> int | None:
        """The primary key a code or reference in this column points to."""
        value = self.text(column, required=required)
        if not value:
            return None
        if value not in known:
            self.fail(str(missing) % {"column": column, "value": value})
            return None
        return known[value]


@dataclass
class Planned(Generic[M]):
    """A valid row and the object it becomes: new, changed or as it was."""

    line: int
    obj: M
    status: str  # "created", "updated" or "unchanged"
    changed: set[str] = field(default_factory=set)
    # The changed fields' values before the import, for the audit entry.
    before: dict[str, Any] = field(default_factory=dict)


class ImportKind(Generic[M]):
    """One kind of thing that can be imported; subclasses fill in the blanks."""

    name: str
    label: StrOrPromise
    model: type[M]
    columns: tuple[Column, ...]
    # The fields (by attname) that identify a row in the file and in the database.
    key_fields: tuple[str, ...]

    def references(self, rows: "ReferenceSource") -> References:
        """Look up, once per import, everything rows may refer to."""
        return {}

    def parse(self, row: Row, refs: References) -> dict[str, Any]:
        """Field values (by attname) for this row; problems go to `row.fail`."""
        raise NotImplementedError

    def check_rows(self, planned: list[Planned[M]]) -> list[RowError]:
        """Checks that need all rows at once (beyond duplicate keys)."""
        return []

    def before_update(self, planned: list[Planned[M]]) -> None:
        """Make room in the database before changed rows are written."""

    def after_create(self, created: list[M], now: datetime) -> None:
        """Follow-up work for new rows, in the import's transaction."""

    def key_of(self, values: Mapping[str, Any] | M) -> tuple[Any, ...]:
        if isinstance(values, Model):
            return tuple(getattr(values, name) for name in self.key_fields)
        return tuple(values.get(name) for name in self.key_fields)

    def existing(self, keys: Iterable[tuple[Any, ...]]) -> dict[tuple[Any, ...], M]:
        """The stored objects with these natural keys, queried in chunks."""
        wanted = set(keys)
        last = self.key_fields[-1]
        found: dict[tuple[Any, ...], M] = {}
        for values in chunks(sorted({key[-1] for key in wanted})):
            for obj in self.model._default_manager.filter(**{f"{last}__in": values}):
                if self.key_of(obj) in wanted:
                    found[self.key_of(obj)] = obj
        return found


class ReferenceSource(Protocol):
    """What `ImportKind.references` needs to know about the file."""

    def values_of(self, column: str) -> set[str]: ...


def chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def pks_by(model: type[Model], field_name: str, values: set[str]) -> dict[str, int]:
    """{value: pk} for the rows of `model` whose `field_name` is one of `values`."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted(values)):
        rows = model._default_manager.filter(**{f"{field_name}__in": chunk})
        found.update(rows.values_list(field_name, "pk"))
    return found
