"""The kinds of CSV import, by the name used on the command line and in the form."""

from typing import Any

from vredvakt.imports.base import ImportKind
from vredvakt.imports.kinds import clients, decisions, keys, locks, oncall

KINDS: dict[str, ImportKind[Any]] = {
    module.kind.name: module.kind for module in (clients, decisions, locks, keys, oncall)
}
