"""The reload contract: a failed reload keeps the old snapshot; a good one swaps whole with a diff."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.engine import Engine
from bot.loader import build_snapshot
from bot.model import Snapshot
from bot.store import ContentStore


def store_with_engine(root: Path) -> tuple[ContentStore, Engine]:
    store = ContentStore(root)
    return store, store.engine


class HeldReload:
    """A ``build`` for ContentStore that holds the first reload until ``release`` is set."""

    def __init__(self) -> None:
        self.entered, self.release = threading.Event(), threading.Event()
        self.reloads = 0

    def __call__(self, root: Path, previous: Snapshot | None) -> Snapshot:
        if previous is not None:  # a reload, not the first load
            self.reloads += 1
            if self.reloads == 1:
                self.entered.set()
                self.release.wait(5)
        return build_snapshot(root, previous)


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
    start = text.index('[[fact]]\nid = "becar7-pn-science-fiction"')
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
    assert diff.facts_removed == ("becar7-pn-science-fiction",)
    assert diff.facts_changed == ("becar7-pn-blood-cancer-uk",)
    assert diff.intents_added == ("paid",) and diff.intents_removed == ("funding",)
    assert engine.snapshot is store.snapshot
    assert "funded by Blood Cancer UK" in engine.ask("who paid for the becar7 research").text


def test_reload_without_changes_says_so(content: Path) -> None:
    store, _ = store_with_engine(content)
    result = store.reload()
    assert result.ok and result.diff.empty
    assert result.lines() == ["content reloaded", "no changes to facts or intents"]


def test_reload_requested_during_a_reload_runs_once_more_so_the_last_edit_is_served(content: Path) -> None:
    held = HeldReload()
    store = ContentStore(content, build=held)
    results = []
    worker = threading.Thread(target=lambda: results.append(store.reload()))
    worker.start()
    assert held.entered.wait(5)
    facts = content / "seeds/facts/positive-news.toml"  # the edit lands while the first reload runs
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("Blood Cancer UK.", "Blood Cancer UK (edited)."),
        encoding="utf-8",
    )
    busy = [store.reload(), store.reload()]  # two more requests: one more reload
    held.release.set()
    worker.join(10)
    assert all(r.busy and not r.ok for r in busy)
    assert held.reloads == 2 and results[0].ok
    assert "becar7-pn-blood-cancer-uk" in results[0].diff.facts_changed
    assert "(edited)" in store.engine.ask("who paid for the becar7 research").text


def test_an_unchanged_file_is_taken_from_the_snapshot_in_service(content: Path) -> None:
    store = ContentStore(content)
    before = store.snapshot
    facts = content / "seeds/facts/positive-news.toml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n# an editor's note\n", encoding="utf-8")
    assert store.reload().ok
    after = store.snapshot
    assert all(after.intents[name] is intent for name, intent in before.intents.items())
    kept = [f for f in before.facts.values() if f.file != "seeds/facts/positive-news.toml"]
    assert kept and all(after.facts[f.id] is f for f in kept)
    assert after.facts == before.facts  # the edited file was read again: only a comment changed
