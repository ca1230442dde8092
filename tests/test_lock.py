"""The lock: requirements/*.txt pin every package with its hashes and agree with pyproject.toml,
and every package the code imports is declared there."""

from __future__ import annotations

import ast
import importlib.metadata
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCKS = ("runtime", "dev", "build")


def locked(name: str) -> dict[str, str]:
    """{package: version} of requirements/<name>.txt, checking each entry is pinned and hashed."""
    text = (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8").replace("\\\n", " ")
    versions: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, _, hashes = line.partition(" --hash=")
        pin = Requirement(requirement)
        assert hashes.startswith("sha256:"), f"{name}.txt: {pin.name} has no hash"
        assert len(pin.specifier) == 1 and next(iter(pin.specifier)).operator == "==", f"{name}.txt: {pin}"
        versions[canonicalize_name(pin.name)] = next(iter(pin.specifier)).version
    return versions


def declared(requirements: list[str]) -> list[Requirement]:
    return [Requirement(r) for r in requirements]


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_and_hashed(lock: str) -> None:
    assert locked(lock)


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("runtime", PROJECT["project"]["dependencies"]),
        ("dev", PROJECT["project"]["optional-dependencies"]["dev"]),
        ("build", PROJECT["build-system"]["requires"]),
    ],
)
def test_the_lock_has_what_pyproject_asks_for(lock: str, requirements: list[str]) -> None:
    """Fails after a dependency is added or changed without `make lock`."""
    versions = locked(lock)
    for requirement in declared(requirements):
        version = versions.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not in requirements/{lock}.txt: run `make lock`"
        assert requirement.specifier.contains(version), f"{lock}.txt has {requirement.name}=={version}"


def test_build_in_is_the_build_system() -> None:
    lines = (ROOT / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
    build_in = {str(Requirement(line)) for line in lines if line.strip() and not line.startswith("#")}
    assert build_in == {str(r) for r in declared(PROJECT["build-system"]["requires"])}


@pytest.mark.parametrize("lock", ["runtime", "build"])
def test_the_image_gets_the_versions_the_tests_ran_with(lock: str) -> None:
    dev = locked("dev")
    assert {name: dev.get(name) for name in locked(lock)} == locked(lock)


def imported_packages(folder: Path) -> dict[str, str]:
    """{top-level module: first file importing it} of the imports under ``folder``, stdlib left out."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("bot", "tests"):
                    found.setdefault(top, path.relative_to(ROOT).as_posix())
    return found


def distributions(modules: dict[str, str]) -> dict[str, str]:
    """{distribution: file} for imported modules, through the installed packages' metadata."""
    owners = importlib.metadata.packages_distributions()
    found: dict[str, str] = {}
    for module, where in modules.items():
        assert module in owners, f"{where} imports {module}, which no installed package provides"
        for owner in owners[module]:
            found.setdefault(canonicalize_name(owner), where)
    return found


# Development tools the bot uses when they are installed (`bot check`'s reading level), and does
# without in the image: each import must sit in a `try` that catches ImportError.
OPTIONAL_IN_BOT = {"textstat"}


def guarded_imports(folder: Path) -> set[str]:
    """Top-level modules imported under ``folder`` only inside ``try: ... except ImportError``."""
    guarded: set[str] = set()
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Try):
                continue
            catches = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
            if not catches & {"ImportError", "ModuleNotFoundError"}:
                continue
            for inner in node.body:
                if isinstance(inner, ast.Import):
                    guarded.update(alias.name.split(".")[0] for alias in inner.names)
    return guarded


def test_every_package_the_bot_imports_is_a_declared_dependency() -> None:
    runtime = {canonicalize_name(r.name) for r in declared(PROJECT["project"]["dependencies"])}
    modules = imported_packages(ROOT / "bot")
    for name, where in distributions({m: w for m, w in modules.items() if m not in OPTIONAL_IN_BOT}).items():
        assert name in runtime, f"{where} imports {name}, not in pyproject.toml's dependencies"


def test_dev_tools_the_bot_uses_are_optional_and_declared() -> None:
    dev = {canonicalize_name(r.name) for r in declared(PROJECT["project"]["optional-dependencies"]["dev"])}
    used = set(imported_packages(ROOT / "bot")) & OPTIONAL_IN_BOT
    assert used <= guarded_imports(ROOT / "bot"), "import it inside try/except ImportError"
    assert {canonicalize_name(n) for n in distributions({m: "bot" for m in used})} <= dev


def test_every_package_the_tests_import_is_declared() -> None:
    project = PROJECT["project"]
    every = declared([*project["dependencies"], *project["optional-dependencies"]["dev"]])
    known = {canonicalize_name(r.name) for r in every}
    for name, where in distributions(imported_packages(ROOT / "tests")).items():
        assert name in known, f"{where} imports {name}, not declared in pyproject.toml"
