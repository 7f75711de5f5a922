"""What the statistics page shows for one table: its rows as text, its chart, its CSV."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from vredvakt.reports.figures.base import Row, Value
from vredvakt.reports.registry import Table
from vredvakt.reports.svg import Bar, bar_chart, column_chart

NO_VALUE = "–"


@dataclass(frozen=True)
class Shown:
    table: Table
    rows: list[Row]
    cells: list[list[str]]
    chart: SafeString | None
    numeric: frozenset[int]  # the columns holding numbers, aligned right


def cell_text(value: Value) -> str:
    """A value as the table and the chart's bars show it (Swedish decimal comma)."""
    if value is None:
        return NO_VALUE
    if isinstance(value, int | float):
        return str(formats.number_format(value, use_l10n=True))
    return str(value)


def table_show(
    table: Table, units: Sequence[int], start: datetime, end: datetime, now: datetime
) -> Shown:
    rows = table.figure(units, start, end, now)
    cells = [[cell_text(v) for v in row] for row in rows]
    numeric = frozenset(
        i for i in range(len(table.columns)) if any(isinstance(r[i], int | float) for r in rows)
    )
    return Shown(table, rows, cells, _chart(table, rows, cells), numeric)


def _chart(table: Table, rows: list[Row], cells: list[list[str]]) -> SafeString | None:
    spec = table.chart
    # Nothing to draw when every value is zero or missing: the table says it all.
    if spec is None or not any(row[spec.value] for row in rows):
        return None
    bars = [
        Bar(
            label=" · ".join(text[i] for i in spec.labels if row[i] not in (None, "")),
            value=float(row[spec.value] or 0),
            text=text[spec.value],
        )
        for row, text in zip(rows, cells, strict=True)
    ]
    draw = column_chart if spec.kind == "column" else bar_chart
    desc = _("%(value)s for each row of the table with the same numbers.") % {
        "value": table.columns[spec.value]
    }
    return draw(chart_id=f"chart-{table.name}", title=str(table.title), desc=desc, bars=bars)


def table_csv(table: Table, rows: list[Row]) -> str:
    """The table as CSV: headings, then the rows; numbers with a decimal point, no value empty."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c) for c in table.columns])
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue()
