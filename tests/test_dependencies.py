# Reproducible installs: every package our code imports is declared in
# pyproject.toml, and the lock files that scripts/start and scripts/test install
# from agree with the pins there. Refresh the locks with scripts/lock.
import ast
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUR_PACKAGES = {"vredvakt", "config", "tests", "bench"}
RUNTIME_CODE = ("vredvakt", "config")
TEST_CODE = ("tests", "bench")


def normalized(name: str) -> str:
    # PEP 503: "Django", "django_stubs" and "django.stubs" name the same thing.
    return re.sub(r"[-_.]+", "-", name).lower()


def pin(requirement: str) -> tuple[str, str]:
    match = re.fullmatch(r"([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)", requirement)
    assert match, f"pyproject.toml: {requirement!r} is not pinned with =="
    return normalized(match[1]), match[2]


def declared(*, dev: bool) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    if dev:
        requirements += project["optional-dependencies"]["dev"]
    return dict(pin(requirement) for requirement in requirements)


def locked(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / f"{lock}.txt").read_text()
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", text, flags=re.MULTILINE)
    return {normalized(name): version for name, version in pins}


# Read once for the three tests below: the installed metadata and each file's imports.
@cache
def installed_packages() -> Mapping[str, list[str]]:
    return packages_distributions()


@cache
def imported_names(path: Path) -> frozenset[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return frozenset(names)


def is_ours(name: str, path: Path) -> bool:
    # The benchmarks run as scripts, so Python finds their sibling modules (benchdb).
    sibling = path.parent / name
    return name in OUR_PACKAGES or sibling.with_suffix(".py").exists() or sibling.is_dir()


def undeclared_imports(folders: Iterable[str], allowed: Iterable[str]) -> list[str]:
    distributions = installed_packages()
    allowed_names = set(allowed)
    problems = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for name in sorted(imported_names(path)):
                if name in sys.stdlib_module_names or is_ours(name, path):
                    continue
                providers = sorted({normalized(dist) for dist in distributions.get(name, [])})
                if not allowed_names.intersection(providers):
                    where = path.relative_to(ROOT)
                    problems.append(f"{where} imports {name} ({', '.join(providers) or '?'})")
    return problems


def disagreements(pins: dict[str, str], lock: str) -> list[str]:
    in_lock = locked(lock)
    return [
        f"{name}=={version} but requirements/{lock}.txt has {in_lock.get(name, 'nothing')}"
        for name, version in sorted(pins.items())
        if in_lock.get(name) != version
    ]


def test_runtime_code_imports_only_runtime_dependencies() -> None:
    # scripts/start installs only these; a dev-only import would fail there.
    assert undeclared_imports(RUNTIME_CODE, declared(dev=False)) == []


def test_tests_and_benchmarks_import_only_declared_packages() -> None:
    assert undeclared_imports(TEST_CODE, declared(dev=True)) == []


def test_it_names_an_import_missing_from_pyproject() -> None:
    # The check above must see real imports, not pass because it found none.
    allowed = set(declared(dev=False)) - {"pydantic"}

    problems = undeclared_imports(RUNTIME_CODE, allowed)

    assert "vredvakt/cases/schemas.py imports pydantic (pydantic)" in problems


def test_the_base_lock_has_every_runtime_pin() -> None:
    assert disagreements(declared(dev=False), "base") == []


def test_the_dev_lock_has_every_runtime_and_dev_pin() -> None:
    assert disagreements(declared(dev=True), "dev") == []


def test_the_dev_lock_keeps_the_base_lock_versions() -> None:
    # The tests run on the very versions that scripts/start installs.
    assert disagreements(locked("base"), "dev") == []
