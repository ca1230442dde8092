"""Plain language a worried parent can follow: the Flesch–Kincaid grade of the facts and of a fixed
sample of replies stays at or under the target (median 6, 90th percentile 8), and `bot check`
prints the figures and the hardest facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import readability
from bot.engine import Engine
from bot.loader import build_snapshot
from bot.model import Snapshot
from bot.readability import TARGET_MEDIAN, TARGET_P90, Level, grade, plain
from tests.test_cli import cli

HARD = (
    "Notwithstanding considerable interindividual heterogeneity, investigators characterised "
    "multidimensional immunological reconstitution following allogeneic haematopoietic transplantation."
)


@pytest.fixture(scope="module")
def report(snapshot: Snapshot) -> readability.Report:
    return readability.measure(Engine(snapshot))


def test_textstat_is_installed_with_the_dev_tools() -> None:
    assert readability.available()


def test_facts_read_at_or_under_the_target(report: readability.Report) -> None:
    hardest = ", ".join(f"{name} {g:.1f}" for g, name in report.facts.hardest)
    assert report.facts.median <= TARGET_MEDIAN, hardest
    assert report.facts.p90 <= TARGET_P90, hardest


def test_replies_read_at_or_under_the_target(report: readability.Report) -> None:
    hardest = ", ".join(f"{name} {g:.1f}" for g, name in report.replies.hardest)
    assert report.replies.median <= TARGET_MEDIAN, hardest
    assert report.replies.p90 <= TARGET_P90, hardest


def test_the_sample_covers_every_kind_of_question_for_every_therapy(snapshot: Snapshot) -> None:
    asked = readability.sample_replies(Engine(snapshot))
    assert {"results TaNK", "side_effects BE-CAR7", "help", "greeting"} <= set(asked)
    assert set(readability.SAMPLE_QUESTIONS) <= set(asked)
    assert "sources" not in asked  # the list of articles is the sources block, not reply text


def test_hard_facts_push_the_figures_over_the_target(content: Path) -> None:
    for path in (content / "seeds/facts").glob("*.toml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        hard = [f'text = "{HARD}"' if line.startswith("text = ") else line for line in lines]
        path.write_text("\n".join(hard) + "\n", encoding="utf-8")
    report = readability.measure(Engine(build_snapshot(content)))
    assert not report.facts.on_target and not report.replies.on_target
    done = cli("check", "--content", str(content))
    assert done.returncode == 0  # a warning: the tests are what fail
    assert "warning: the reading level is over the target" in done.stdout


def test_the_measure_reads_what_a_reader_reads() -> None:
    body = "**BE-CAR7: results**\n• Seven were free of it. (Positive News, Jan 2026)\n\n💛 Hello"
    assert plain(body, ["(Positive News, Jan 2026)"]) == "BE-CAR7: results. Seven were free of it. Hello."
    assert grade("It had come back. The leukaemia was bad.") == grade(
        "It had come back. The leukemia was bad."
    )


def test_the_ninetieth_percentile_and_the_hardest() -> None:
    level = Level.of({f"f{n}": float(n) for n in range(1, 11)})
    assert level.median == 5.5 and level.p90 == 9.1 and level.count == 10
    assert [name for _, name in level.hardest] == ["f10", "f9", "f8", "f7", "f6"]
    assert Level.of({}).count == 0


def test_check_prints_the_figures_and_the_hardest_facts(report: readability.Report) -> None:
    done = cli("check")
    assert done.returncode == 0, done.stderr
    assert "reading level (Flesch–Kincaid grade; target median ≤ 6, p90 ≤ 8):" in done.stdout
    assert report.facts.line("facts") in done.stdout and "hardest facts: " in done.stdout
    figures = json.loads(cli("check", "--json").stdout)["reading_level"]
    assert figures["facts"]["median"] == report.facts.median and figures["on_target"]
