"""Templates are moderators' code: time and size limits when checking and when answering, and a
check that walks the branches a reply can reach (real facts, no facts, each therapy)."""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.loader import ContentError, build_snapshot
from bot.model import Snapshot
from bot.render import FALLBACK_TEXT, Renderer
from bot.store import ContentStore
from tests.test_cli import cli

ENDLESS = "{% for i in range(20000) %}{% for j in range(20000) %}{% endfor %}{% endfor %}done"
HUGE = '{{ "x" * 1000000000 }}'
HANGING = {
    "endless loop": ENDLESS,
    "huge range": "{% for i in range(10**12) %}x{% endfor %}",
    "huge string": HUGE,
    "huge join": '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}',
    "recursive doubling": '{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s }}{% endmacro %}{{ d("x", 40) }}',
    "nested string loops": '{% for a in "x" * 10000 %}{% for b in "x" * 10000 %}{% endfor %}{% endfor %}',
    "huge output": '{% for i in range(20000) %}{{ "y" * 20 }}{% endfor %}',
}
BROKEN = {
    "undefined variable in a branch": '{% if therapy == "UCART19" %}{{ oops }}{% endif %}You are welcome.',
    "first fact with no facts": "Thanks! {{ facts[0].text }}",
    "missing attribute in a branch": "{% if not facts %}{{ therapies[0].nmae }}{% endif %}You are welcome.",
}


def failing_check(content: Path, name: str, text: str) -> str:
    (content / f"responses/{name}.md.j2").write_text(text, encoding="utf-8")
    started = time.monotonic()
    done = cli("check", "--content", str(content))
    assert time.monotonic() - started < 10
    assert done.returncode == 1, done.stdout
    lines = [line.strip() for line in done.stdout.splitlines()[1:]]
    assert len(lines) == 1 and "Traceback" not in done.stdout + done.stderr
    return lines[0]


@pytest.mark.parametrize("kind", sorted(HANGING))
def test_check_stops_a_hanging_template_with_one_line(content: Path, kind: str) -> None:
    line = failing_check(content, "thanks", HANGING[kind])
    assert line.startswith("responses/thanks.md.j2") and "limit" in line


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_check_renders_the_branches_replies_reach(content: Path, kind: str) -> None:
    line = failing_check(content, "thanks", BROKEN[kind])
    assert line.startswith("responses/thanks.md.j2")


def with_template(snapshot: Snapshot, name: str, text: str) -> Snapshot:
    return dataclasses.replace(snapshot, templates={**snapshot.templates, name: text})


@pytest.mark.parametrize("text", [ENDLESS, HUGE])
def test_answer_time_limit_gives_the_fallback_text_and_a_warning(snapshot: Snapshot, text, caplog) -> None:
    engine = Engine(with_template(snapshot, "thanks", text))
    with caplog.at_level(logging.WARNING, logger="cellfacts.render"):
        started = time.monotonic()
        reply = engine.ask("thank you so much")
        assert time.monotonic() - started < 3
    assert reply.body.startswith("Sorry, I could not find an answer") and reply.notice
    assert any("responses/thanks.md.j2" in r.getMessage() for r in caplog.records)


def test_broken_fallback_too_gives_the_built_in_text(snapshot: Snapshot) -> None:
    renderer = Renderer(with_template(with_template(snapshot, "thanks", HUGE), "fallback", HUGE))
    assert renderer.render("thanks") == FALLBACK_TEXT


def test_reload_with_a_hanging_template_fails_fast_and_keeps_serving(content: Path) -> None:
    store = ContentStore(content)
    before = store.snapshot
    (content / "responses/answer.md.j2").write_text(ENDLESS, encoding="utf-8")
    started = time.monotonic()
    result = store.reload()
    assert time.monotonic() - started < 10
    assert not result.ok and store.snapshot is before
    assert any(str(p).startswith("responses/answer.md.j2") for p in result.problems)
    with pytest.raises(ContentError):
        build_snapshot(content)
