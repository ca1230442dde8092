"""The unanswered-question store: bad text, privacy per server, retention, shards sharing DATA_DIR,
and a DATA_DIR that cannot be written."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.discord.service import Service
from bot.discord.unanswered import PRIVATE, UnansweredLog
from bot.reply import FALLBACK
from bot.settings import Settings
from bot.store import ContentStore
from bot.text import sanitise
from tests.conftest import ROOT

GUILD_A, GUILD_B = 111, 222
SURROGATE = "best lasagne \ud800 recipe"


@pytest.fixture(scope="module")
def store() -> ContentStore:
    return ContentStore(ROOT)


@pytest.fixture
def service(store: ContentStore, tmp_path: Path) -> Service:
    return Service(Settings(data_dir=tmp_path, cooldown_questions=0), store)


def test_sanitise_replaces_lone_surrogates_and_keeps_pairs() -> None:
    assert sanitise(SURROGATE) == "best lasagne \ufffd recipe"
    assert sanitise("\udc80") == "\ufffd"
    assert sanitise("ok \U0001f600") == "ok \U0001f600"


def test_lone_surrogate_never_blocks_fallbacks(service: Service) -> None:
    answer = service.ask(SURROGATE, 1, 10, "mention", GUILD_A)
    assert answer.reply is not None and answer.reply.kind == FALLBACK
    for i in range(5):  # everyone after still gets fallbacks, and their questions are kept
        answer = service.ask(f"how do I cook lasagne number {i}", 2 + i, 10, "mention", GUILD_A)
        assert answer.reply is not None and answer.reply.kind == FALLBACK
    texts = [item["text"] for item in service.unanswered.recent(GUILD_A)]
    assert texts[-1] == "best lasagne \ufffd recipe" and len(texts) == 6
    assert service.unanswered.problem is None


def test_each_server_sees_only_its_own_and_dms_are_never_listed(service: Service) -> None:
    service.ask("how do I fix the wifi in server a", 1, 10, "mention", GUILD_A)
    service.ask("how do I fix the wifi in server b", 2, 20, "mention", GUILD_B)
    service.ask("how do I fix the wifi in my private flat", 3, 30, "dm", None)
    seen_a = [i["text"] for i in service.unanswered.recent(GUILD_A)]
    seen_b = [i["text"] for i in service.unanswered.recent(GUILD_B)]
    assert seen_a == ["how do I fix the wifi in server a"]
    assert seen_b == ["how do I fix the wifi in server b"]
    assert service.unanswered.recent(None) == []
    assert not any("private" in t for t in seen_a + seen_b)
    with sqlite3.connect(service.unanswered.path) as db:  # kept, but listed nowhere
        rows = db.execute("SELECT scope FROM unanswered").fetchall()
    assert (PRIVATE,) in rows


def test_retention_keeps_the_newest_per_server_and_drops_old_rows(tmp_path: Path) -> None:
    store = UnansweredLog(tmp_path, keep=3, max_age_days=30)
    store.add("too old", GUILD_A)
    old = (datetime.now(UTC) - timedelta(days=31)).isoformat(timespec="seconds")
    with sqlite3.connect(store.path) as db:  # as if asked 31 days ago
        db.execute("UPDATE unanswered SET at = ?", (old,))
    db.close()
    assert store.recent(GUILD_A) == []
    for i in range(5):
        store.add(f"question {i}", GUILD_A)
    store.add("other server", GUILD_B)
    assert [i["text"] for i in store.recent(GUILD_A)] == ["question 4", "question 3", "question 2"]
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM unanswered WHERE scope = 'guild:111'").fetchone() == (3,)
    db.close()
    assert [i["text"] for i in store.recent(GUILD_B)] == ["other server"]


WRITER = """
import sys
from bot.discord.unanswered import UnansweredLog
store = UnansweredLog(sys.argv[1], keep=1000)
for i in range(40):
    assert store.add(f"shard {sys.argv[2]} question {i}", 111)
"""


def test_shard_processes_sharing_data_dir_keep_every_row(tmp_path: Path) -> None:
    UnansweredLog(tmp_path).recent(GUILD_A)  # create the database first, as a running shard has
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(n)], cwd=ROOT) for n in range(4)
    ]
    assert [p.wait(60) for p in procs] == [0, 0, 0, 0]
    rows = UnansweredLog(tmp_path, keep=1000).recent(GUILD_A, count=1000)
    assert len(rows) == 160 and len({r["text"] for r in rows}) == 160


def test_unwritable_data_dir_keeps_answering_and_warns_once(store, tmp_path: Path, caplog) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where DATA_DIR should be", encoding="utf-8")  # root ignores chmod
    service = Service(Settings(data_dir=blocked, cooldown_questions=0), store)
    with caplog.at_level(logging.WARNING, logger="cellfacts.unanswered"):
        for i in range(5):
            answer = service.ask(f"what is the best pizza {i}", i, 10, "mention", GUILD_A)
            assert answer.reply is not None and answer.reply.kind == FALLBACK
    warnings = [r for r in caplog.records if r.name == "cellfacts.unanswered"]
    assert len(warnings) == 1 and "still answering" in warnings[0].getMessage()
    assert service.unanswered.problem is not None


def test_a_database_from_before_groups_and_gaps_still_works(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "cellfacts.sqlite3") as db:  # the first release's table
        db.execute("CREATE TABLE unanswered (id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, "
                   "text TEXT NOT NULL, at TEXT NOT NULL)")  # fmt: skip
        now = datetime.now(UTC).isoformat(timespec="seconds")
        db.execute("INSERT INTO unanswered (scope, text, at) VALUES ('guild:111', 'old question', ?)", (now,))
    db.close()
    store = UnansweredLog(tmp_path)
    store.add("how much does it cost", GUILD_A, gap="cost")
    groups = store.groups(GUILD_A)
    assert [(g.text, g.gap, g.count) for g in groups] == [
        ("how much does it cost", "cost", 1), ("old question", None, 1)
    ]  # fmt: skip
    assert store.resolve(GUILD_A, groups[1].key) is not None
    assert [g.text for g in store.groups(GUILD_A)] == ["how much does it cost"]
    assert store.resolve(GUILD_B, groups[0].key) is None  # another server's group is not this one's
    store.close()
