"""The shipped package stands alone: nothing under bot/ imports, opens or puts on sys.path
anything under tests/ (the image has no tests/, and installs do not either)."""

from __future__ import annotations

import ast
import re

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
