"""Turning the bytes of an uploaded CSV file into a header and numbered rows."""

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from vredvakt.imports.base import Column, Row, RowError


class LineReader(Protocol):
    """A csv.reader: rows of values, and the number of the last line read."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...


class ImportFileError(ValueError):
    """The file as a whole cannot be read; no row was looked at."""


@dataclass
class CsvTable:
    delimiter: str
    columns: list[str]
    rows: list[Row]
    # Rows whose number of values does not match the header.
    malformed: list[RowError]

    def values_of(self, column: str) -> set[str]:
        return {row.cells[column] for row in self.rows if row.cells.get(column)}


def read_table(data: bytes, columns: Sequence[Column]) -> CsvTable:
    text = _decode(data)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise ImportFileError(_("The file is empty. The first line must name the columns."))
        names = [cell.strip().lower() for cell in header]
        while names and not names[-1]:
            names.pop()  # Excel may end the header with an empty column
        _check_header(names, columns)
        return _read_rows(reader, names, delimiter)
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s cannot be read as CSV: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None


def _decode(data: bytes) -> str:
    # utf-8-sig drops the byte order mark that Excel's "CSV UTF-8" writes.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (the first unreadable character is on line "
                "%(line)s). In Excel, save it as “CSV UTF-8”."
            )
            % {"line": line}
        ) from None


def _sniff_delimiter(text: str) -> str:
    # Column names never contain either character, so the header line decides:
    # Swedish Excel writes ";" because "," is the decimal separator.
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _check_header(names: list[str], columns: Sequence[Column]) -> None:
    known = [column.name for column in columns]
    problems = []
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        problems.append(_("Columns named more than once: %s.") % ", ".join(twice))
    unknown = [name for name in names if name not in known]
    if unknown:
        problems.append(
            _("Unknown columns: %(unknown)s. The columns for this kind are: %(known)s.")
            % {"unknown": ", ".join(name or '""' for name in unknown), "known": ", ".join(known)}
        )
    missing = [column.name for column in columns if column.required and column.name not in names]
    if missing:
        problems.append(_("Missing columns: %s.") % ", ".join(missing))
    if problems:
        raise ImportFileError(" ".join(problems))


def _read_rows(reader: LineReader, names: list[str], delimiter: str) -> CsvTable:
    table = CsvTable(delimiter=delimiter, columns=names, rows=[], malformed=[])
    for cells in _numbered(reader):
        line, values = cells
        if not any(value.strip() for value in values):
            continue  # blank lines, also Excel's ";;;;" lines
        extra = values[len(names) :]
        if len(values) < len(names) or any(value.strip() for value in extra):
            reason = _("expected %(expected)s values separated by “%(delimiter)s”, found %(found)s")
            found = {"expected": len(names), "delimiter": delimiter, "found": len(values)}
            table.malformed.append(RowError(line, [reason % found]))
            continue
        stripped = {name: value.strip() for name, value in zip(names, values, strict=False)}
        table.rows.append(Row(line=line, cells=stripped))
    return table


def _numbered(reader: LineReader) -> list[tuple[int, list[str]]]:
    # A quoted value may span lines; a row is numbered by the line it starts on.
    numbered = []
    start = reader.line_num + 1
    for values in reader:
        numbered.append((start, values))
        start = reader.line_num + 1
    return numbered
