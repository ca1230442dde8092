"""The shipped package stands alone: nothing under bot/ imports, opens or puts on sys.path
anything under tests/ (the image has no tests/, and installs do not either); and its modules
import each other without a circle (imports only for type checking count too)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

NAMES_TESTS = re.compile(r"(?:^|[/\\.])tests(?:[/\\.]|$)")  # "tests", "tests/eval/…", "tests.discord…"


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
    }


def reaches_into_tests(source: str) -> list[str]:
    """Where ``source`` imports from tests, names a path or module under tests/ (docstrings
    aside), or changes sys.path; one "line N: …" each."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            names = []
        found += [f"line {node.lineno}: imports {n}" for n in names if n.split(".")[0] == "tests"]
        text = node.value if isinstance(node, ast.Constant) and id(node) not in docstrings else None
        if isinstance(text, str) and NAMES_TESTS.search(text):
            found.append(f"line {node.lineno}: names {text!r}")
        if isinstance(node, ast.Attribute) and node.attr == "path" and getattr(node.value, "id", "") == "sys":
            found.append(f"line {node.lineno}: uses sys.path")
    return sorted(found, key=lambda f: int(f.split()[1].rstrip(":")))


@pytest.mark.parametrize(
    "path", sorted(ROOT.joinpath("bot").rglob("*.py")), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_no_module_under_bot_reaches_into_tests(path) -> None:
    assert reaches_into_tests(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_each_way_of_reaching_into_tests() -> None:
    source = '''"""Docstrings may mention tests/eval/questions.jsonl."""
import sys
from tests.discord.fake_discord import FakeDiscord
import tests.conftest
sys.path.insert(0, "/repo")
EVAL = ROOT / "tests" / "eval" / "questions.jsonl"
OTHER = open("tests/eval/questions.jsonl")
'''
    assert [f.split(":")[0] for f in reaches_into_tests(source)] == [f"line {n}" for n in (3, 4, 5, 6, 7)]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, modules: set[str]) -> set[str]:
    """The modules of ``modules`` that ``source`` imports (``from a import b``: a.b if a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in modules else node.module)
    return found & modules


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle once, as the modules on it (from its alphabetically first)."""
    found: set[tuple[str, ...]] = set()

    def walk(module: str, path: list[str]) -> None:
        for target in sorted(graph[module]):
            if target in path:
                loop = path[path.index(target) :]
                first = loop.index(min(loop))
                found.add(tuple(loop[first:] + loop[:first]))
            elif target > path[0]:  # each circle is found from its first module only
                walk(target, [*path, target])

    for start in sorted(graph):
        walk(start, [start])
    return [list(loop) for loop in sorted(found)]


def test_no_import_circle_under_bot() -> None:
    paths = {module_name(p): p for p in ROOT.joinpath("bot").rglob("*.py")}
    graph = {
        name: imports_of(path.read_text(encoding="utf-8"), set(paths)) - {name}
        for name, path in paths.items()
    }
    assert graph["bot.discord.client"] >= {
        "bot.discord.commands",
        "bot.discord.buttons",
    }  # the check sees imports
    assert circles(graph) == []


def test_the_circle_check_finds_circles() -> None:
    modules = {"a", "a.b", "c", "d"}
    graph = {
        "a": imports_of("from a.b import X", modules),
        "a.b": imports_of("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import c", modules),
        "c": imports_of("from a import b\nimport d", modules),
        "d": imports_of("import c", modules),
    }
    assert circles(graph) == [["a.b", "c"], ["c", "d"]]  # a only imports into one
