"""The reload contract: a failed reload keeps the old snapshot; a good one swaps whole with a diff."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.engine import Engine
from bot.loader import build_snapshot
from bot.store import ContentStore


def store_with_engine(root: Path) -> tuple[ContentStore, Engine]:
    engine = Engine(build_snapshot(root))
    return ContentStore(root, apply=engine.use), engine


def test_failed_reload_keeps_the_old_snapshot_serving(content: Path) -> None:
    store, engine = store_with_engine(content)
    before = store.snapshot
    (content / "seeds/facts/positive-news.toml").write_text("article = [broken", encoding="utf-8")
    result = store.reload()
    assert not result.ok
    assert any("seeds/facts/positive-news.toml" in str(p) for p in result.problems)
    assert store.snapshot is before and engine.snapshot is before
    assert "Alyssa" in engine.ask("who was the first patient of becar7").text


def test_good_reload_swaps_whole_and_reports_the_diff(content: Path) -> None:
    store, engine = store_with_engine(content)
    facts = content / "seeds/facts/positive-news.toml"
    text = facts.read_text(encoding="utf-8")
    text = text.replace(
        "The research was paid for by Blood Cancer UK.", "The research was funded by Blood Cancer UK."
    )
    start = text.index('[[fact]]\nid = "becar7-pn-hospitals"')
    end = text.index("[[fact]]", start + 1)
    facts.write_text(text[:start] + text[end:], encoding="utf-8")
    (content / "intents/funding.toml").rename(content / "intents/paid.toml")
    (content / "intents/paid.toml").write_text(
        (content / "intents/paid.toml")
        .read_text(encoding="utf-8")
        .replace('name = "funding"', 'name = "paid"'),
        encoding="utf-8",
    )
    result = store.reload()
    assert result.ok, result.problems
    diff = result.diff
    assert diff.facts_removed == ("becar7-pn-hospitals",)
    assert diff.facts_changed == ("becar7-pn-blood-cancer-uk",)
    assert diff.intents_added == ("paid",) and diff.intents_removed == ("funding",)
    assert engine.snapshot is store.snapshot
    assert "funded by Blood Cancer UK" in engine.ask("who paid for the becar7 research").text


def test_reload_without_changes_says_so(content: Path) -> None:
    store, _ = store_with_engine(content)
    result = store.reload()
    assert result.ok and result.diff.empty
    assert result.lines() == ["content reloaded", "no changes to facts or intents"]


def test_second_reload_while_one_runs_is_refused(content: Path) -> None:
    entered, release = threading.Event(), threading.Event()

    def slow_apply(snapshot) -> None:
        entered.set()
        release.wait(5)

    store = ContentStore(content)
    store._apply = slow_apply
    worker = threading.Thread(target=store.reload)
    worker.start()
    assert entered.wait(5)
    second = store.reload()
    release.set()
    worker.join()
    assert second.busy and not second.ok


def test_reload_requested_during_a_reload_runs_once_more_so_the_last_edit_is_served(content: Path) -> None:
    entered, release = threading.Event(), threading.Event()
    calls = []

    def slow_first_apply(snapshot) -> None:
        calls.append(snapshot)
        if len(calls) == 1:
            entered.set()
            release.wait(5)

    store = ContentStore(content)
    store._apply = slow_first_apply
    results = []
    worker = threading.Thread(target=lambda: results.append(store.reload()))
    worker.start()
    assert entered.wait(5)
    facts = content / "seeds/facts/positive-news.toml"  # the edit lands while the first reload runs
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("Blood Cancer UK.", "Blood Cancer UK (edited)."),
        encoding="utf-8",
    )
    assert store.reload().busy and store.reload().busy  # two more requests: one more reload
    release.set()
    worker.join(10)
    assert len(calls) == 2 and results[0].ok
    assert "becar7-pn-blood-cancer-uk" in results[0].diff.facts_changed
    assert "(edited)" in store.snapshot.facts["becar7-pn-blood-cancer-uk"].text
