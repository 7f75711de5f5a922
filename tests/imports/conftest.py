"""Helpers for the CSV import tests: files in tmp_path and the `import` command."""

from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation


@dataclass
class Run:
    stdout: str
    stderr: str
    error: str = ""  # the CommandError's message: the command exits with code 1


def write_csv(folder: Path, text: str, *, name: str = "file.csv", bom: bool = False) -> Path:
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def run_import(kind: str, path: Path, *args: str, fails: bool = False) -> Run:
    out, err = StringIO(), StringIO()
    if not fails:
        call_command("import", kind, str(path), *args, stdout=out, stderr=err)
        return Run(out.getvalue(), err.getvalue())
    with pytest.raises(CommandError) as raised:
        call_command("import", kind, str(path), *args, stdout=out, stderr=err)
    return Run(out.getvalue(), err.getvalue(), str(raised.value))


@pytest.fixture
def english() -> Iterator[None]:
    # Messages are asserted word for word in English; Swedish has its own test.
    with translation.override("en"):
        yield
