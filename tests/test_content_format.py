"""What CONTENT.md promises about the content formats beyond the checks of test_loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.loader import build_snapshot
from bot.render import date_text


def test_an_intent_file_starting_with_underscore_is_neither_loaded_nor_checked(content: Path) -> None:
    before = set(build_snapshot(content).intents)
    (content / "intents" / "_draft_dosage.toml").write_text(
        'name = "dosage"\nhandler = "magic"\n', encoding="utf-8"
    )
    assert set(build_snapshot(content).intents) == before  # no error for the draft's bad handler either


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("day", "21 August 2008"), ("month", "August 2008"), ("approximate", "around 21 August 2008")],
)
def test_date_precision_decides_how_the_date_is_shown(precision: str, shown: str) -> None:
    assert date_text("2008-08-21", precision) == shown


def test_shipped_articles_use_date_precision_as_documented(snapshot) -> None:
    shown = {a.id: date_text(a.date, a.date_precision) for a in snapshot.articles.values()}
    assert shown["nz-herald"] == "August 2008" and shown["newstalk"] == "around 5 November 2015"
