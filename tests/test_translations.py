"""Every user-facing string has a Swedish translation, and the compiled catalogue is current.

Each app keeps its own vredvakt/<app>/locale/sv; strings in the project-level
templates/ live in locale/sv at the top. A string added to the code without a
translation fails here: makemessages runs on a copy of each source tree and
must find nothing that the committed .po lacks.
"""

import os
import shutil
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", ".git", "var", "node_modules", "build", "__pycache__", ".mypy_cache"}
SV_PO = Path("locale/sv/LC_MESSAGES/django.po")
# What makemessages reads for the project-level catalogue (the apps have their own).
PROJECT_SOURCES = ("templates",)


def _walk(top: Path):
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        yield Path(dirpath), filenames


def po_files() -> list[Path]:
    return [d / name for d, names in _walk(ROOT) for name in names if name.endswith(".po")]


def app_dirs() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "vredvakt").glob("*/apps.py"))


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _problems(po: polib.POFile) -> list[str]:
    untranslated = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    fuzzy = [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    return untranslated + fuzzy


def _catalogue(entries) -> dict[tuple[str | None, str], object]:
    return {
        (e.msgctxt, e.msgid): (tuple(sorted(e.msgstr_plural.items())) or e.msgstr)
        for e in entries
        # A .mo holds only translated entries; a .po may hold others too.
        if e.msgid and (not isinstance(e, polib.POEntry) or e.translated())
    }


@pytest.mark.parametrize("path", po_files(), ids=_id)
def test_every_entry_is_translated(path):
    assert _problems(polib.pofile(str(path))) == []


@pytest.mark.parametrize("path", po_files(), ids=_id)
def test_the_compiled_catalogue_matches_the_po_file(path):
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"run compilemessages for {path.parent}"
    committed = _catalogue(polib.pofile(str(path)))
    compiled = _catalogue(polib.mofile(str(mo)))
    assert compiled == committed, f"run compilemessages for {path.parent}"


def _fresh_po(source: Path, tmp_path: Path, monkeypatch, parts=None) -> polib.POFile | None:
    """makemessages on a copy of `source` (its committed .po merged with what the code says)."""
    copy = tmp_path / "copy"
    if parts is None:
        ignore = shutil.ignore_patterns(*SKIP_DIRS, "*.mo")
        shutil.copytree(source, copy, ignore=ignore)
    else:
        for part in parts:
            if (source / part).exists():
                shutil.copytree(source / part, copy / part)
    (copy / SV_PO).parent.mkdir(parents=True, exist_ok=True)
    if (source / SV_PO).exists():
        shutil.copy(source / SV_PO, copy / SV_PO)
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["sv"], no_obsolete=True, verbosity=0)
    return polib.pofile(str(copy / SV_PO)) if (copy / SV_PO).exists() else None


@pytest.mark.parametrize("app", app_dirs(), ids=_id)
def test_makemessages_finds_no_new_string_in_the_app(app, tmp_path, monkeypatch):
    po = _fresh_po(app, tmp_path, monkeypatch)
    if po is None or not list(po):
        return  # no translatable strings, so no catalogue is needed
    assert (app / SV_PO).exists(), f"{_id(app)} has strings but no {SV_PO}: run makemessages"
    assert _problems(po) == [], f"run makemessages in {_id(app)} and translate"


def test_makemessages_finds_no_new_string_in_the_project_templates(tmp_path, monkeypatch):
    po = _fresh_po(ROOT, tmp_path, monkeypatch, parts=PROJECT_SOURCES)
    assert po is not None
    assert _problems(po) == []


def test_the_test_command_checks_the_committed_catalogues_as_they_are():
    # Compiling before pytest would make the .mo check above unable to fail:
    # it would compare the .po with a .mo made from it a moment ago.
    for script in ("scripts/test", ".ci/run"):
        assert "compilemessages" not in (ROOT / script).read_text(), script
