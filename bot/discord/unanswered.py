"""The questions the bot could not answer: text only, per server, bounded, kept across restarts;
beside them the 👍/👎 on answers and each server's settings (`ServerSettings`), all moderator data.

Stored in SQLite in DATA_DIR (WAL, a busy timeout, one short transaction per question), so several
shard processes sharing DATA_DIR add rows side by side without losing each other's. Each row has a
scope: ``guild:<id>`` for a server, or ``private`` for direct messages. A server's moderators see
only their own server's rows; private rows are never listed anywhere. Each scope keeps at most
``keep`` rows, none older than ``max_age_days``.

Storage must never stop the bot answering: a read-only or full DATA_DIR logs one warning (again
only after it has worked in between) and the question is dropped.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bot.text import question, squash_spaces

log = logging.getLogger("cellfacts.unanswered")
DB_FILE = "cellfacts.sqlite3"
KEEP = 200
SIMILAR = 80  # rapidfuzz token-sort ratio at which two unmatched questions are one group
MAX_AGE_DAYS = 90
MAX_TEXT = 300
BUSY_TIMEOUT_MS = 5000
PRIVATE = "private"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scope TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    gap TEXT,
    resolved INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS unanswered_scope ON unanswered (scope, id);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scope TEXT NOT NULL,
    text TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_scope ON feedback (scope, id);
CREATE TABLE IF NOT EXISTS settings (
    scope TEXT PRIMARY KEY,
    channels TEXT NOT NULL DEFAULT '',
    cooldown_questions INTEGER,
    cooldown_seconds INTEGER,
    at TEXT NOT NULL
);
"""
# Columns added since the first release: a database made before gets them on first use.
_ADDED = {"gap": "TEXT", "resolved": "INTEGER NOT NULL DEFAULT 0"}
KEEP_FEEDBACK = 500


def scrub(text: str) -> str:
    """The question as stored: what was asked, not who was around (bot.text.question), on one
    line, cut to MAX_TEXT."""
    text = squash_spaces(question(text))
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def scope_for(guild_id: int | None) -> str:
    """Where a question was asked: its server, or the private scope (DMs) listed nowhere."""
    return PRIVATE if guild_id is None else f"guild:{int(guild_id)}"


_WORD = re.compile(r"\w+")


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class ServerSettings:
    """What a server's moderators chose: the channels the bot answers in (none: every channel),
    and its cooldown, at most ``cooldown_questions`` per person in ``cooldown_seconds`` (None:
    the bot's own COOLDOWN_QUESTIONS / COOLDOWN_SECONDS)."""

    channels: tuple[int, ...] = ()
    cooldown_questions: int | None = None
    cooldown_seconds: int | None = None


@dataclass
class Group:
    """Similar open questions of one server: ``key`` is the newest one's id, ``text`` and ``at``
    its words and time; ``gap`` the honest gap they share (None: nothing matched)."""

    key: int
    text: str
    at: str
    gap: str | None
    words: str
    ids: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.ids)

    def takes(self, gap: str | None, words: str) -> bool:
        if gap is not None or self.gap is not None:
            return gap == self.gap
        return words == self.words or fuzz.token_sort_ratio(words, self.words) >= SIMILAR


class UnansweredLog:
    """Unanswered questions in ``DATA_DIR/cellfacts.sqlite3``, newest first per server."""

    def __init__(self, data_dir: Path, keep: int = KEEP, max_age_days: int = MAX_AGE_DAYS) -> None:
        self.path = Path(data_dir) / DB_FILE
        self.keep, self.max_age = keep, timedelta(days=max_age_days)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self.problem: str | None = None  # why the last write failed; None while storage works

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            try:
                db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")  # WAL: no fsync per question on the event loop
                db.executescript(_SCHEMA)
                have = {row[1] for row in db.execute("PRAGMA table_info(unanswered)")}
                for name, kind in _ADDED.items():
                    if name not in have:
                        db.execute(f"ALTER TABLE unanswered ADD COLUMN {name} {kind}")
            except BaseException:
                db.close()
                raise
            self._db = db
        return self._db

    def _failed(self, exc: Exception) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self.problem is None:
            log.warning(
                "cannot store unanswered questions in %s (%s: %s); still answering, but they are not kept",
                self.path.parent, type(exc).__name__, exc,
            )  # fmt: skip
        self.problem = f"{type(exc).__name__}: {exc}"

    def _write(self, table: str, columns: tuple[str, ...], values: tuple[object, ...], keep: int) -> bool:
        """Insert one row of ``table`` (scope, …, at), then trim its scope to ``keep`` rows and
        the age limit, in one transaction; False (never an exception) if it could not be stored."""
        now = datetime.now(UTC)
        scope = str(values[0])
        names = ", ".join((*columns, "at"))
        marks = ", ".join("?" * (len(columns) + 1))
        with self._lock:
            try:
                db = self._connect()
                with db:
                    db.execute(
                        f"INSERT INTO {table} ({names}) VALUES ({marks})",
                        (*values, now.isoformat(timespec="seconds")),
                    )
                    db.execute(
                        f"DELETE FROM {table} WHERE scope = ? AND (at < ? OR id NOT IN "
                        f"(SELECT id FROM {table} WHERE scope = ? ORDER BY id DESC LIMIT ?))",
                        (scope, (now - self.max_age).isoformat(timespec="seconds"), scope, keep),
                    )
            except (sqlite3.Error, OSError, ValueError) as exc:
                self._failed(exc)
                return False
            if self.problem is not None:
                log.info("unanswered questions are being stored again in %s", self.path.parent)
                self.problem = None
            return True

    def add(self, question: str, guild_id: int | None = None, gap: str | None = None) -> bool:
        """Store one question; ``gap``: the kind of question the articles do not answer (an honest
        gap, e.g. "cost"), None when nothing matched. False (never an exception) if not stored."""
        text = scrub(question)
        if not text:
            return False
        values = (scope_for(guild_id), text, gap)
        return self._write("unanswered", ("scope", "text", "gap"), values, self.keep)

    def groups(self, guild_id: int | None) -> list[Group]:
        """One server's open questions, similar ones together (the same honest gap, or words
        alike), the largest group first, then the newest. Nothing for DMs."""
        if guild_id is None:
            return []
        cutoff = (datetime.now(UTC) - self.max_age).isoformat(timespec="seconds")
        rows = self._read(
            "SELECT id, text, at, gap FROM unanswered WHERE scope = ? AND at >= ? AND resolved = 0 "
            "ORDER BY id DESC",
            (scope_for(guild_id), cutoff),
        )
        groups: list[Group] = []
        for row_id, text, at, gap in rows:
            words = _words(text)
            home = next((g for g in groups if g.takes(gap, words)), None)
            if home is None:
                groups.append(Group(int(row_id), text, at, gap, words, [int(row_id)]))
            else:
                home.ids.append(int(row_id))
        return sorted(groups, key=lambda g: (-g.count, -g.key))

    def resolve(self, guild_id: int | None, key: int) -> Group | None:
        """Mark the open group whose newest question has id ``key`` resolved (it leaves the list;
        the same question asked again starts a new group). The group, or None if not open."""
        group = next((g for g in self.groups(guild_id) if g.key == key), None)
        if group is None:
            return None
        marks = ", ".join("?" * len(group.ids))
        with self._lock:
            try:
                db = self._connect()
                with db:
                    db.execute(
                        f"UPDATE unanswered SET resolved = 1 WHERE scope = ? AND id IN ({marks})",
                        (scope_for(guild_id), *group.ids),
                    )
            except (sqlite3.Error, OSError, ValueError) as exc:
                self._failed(exc)
                return None
        return group

    def add_feedback(self, question: str, helpful: bool, guild_id: int | None = None) -> bool:
        """Store a 👍 or 👎 with the question it answered (never who gave it)."""
        text = scrub(question)
        if not text:
            return False
        values = (scope_for(guild_id), text, int(helpful))
        return self._write("feedback", ("scope", "text", "helpful"), values, KEEP_FEEDBACK)

    def _read(self, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return list(self._connect().execute(sql, params).fetchall())
            except (sqlite3.Error, OSError, ValueError) as exc:
                self._failed(exc)
                return []

    def feedback(self, guild_id: int | None, most: int = 5) -> tuple[int, int, list[tuple[str, int]]]:
        """One server's 👍 and 👎 counts, and the questions most often marked unhelpful (with
        their counts). Nothing for DMs: they are never listed."""
        if guild_id is None:
            return 0, 0, []
        cutoff = (datetime.now(UTC) - self.max_age).isoformat(timespec="seconds")
        scope = scope_for(guild_id)
        rows = self._read(
            "SELECT helpful, COUNT(*) FROM feedback WHERE scope = ? AND at >= ? GROUP BY helpful",
            (scope, cutoff),
        )
        counts = {int(helpful): int(n) for helpful, n in rows}
        worst = self._read(
            "SELECT text, COUNT(*) AS n FROM feedback WHERE scope = ? AND at >= ? AND helpful = 0 "
            "GROUP BY lower(text) ORDER BY n DESC, MAX(id) DESC LIMIT ?",
            (scope, cutoff, most),
        )
        return counts.get(1, 0), counts.get(0, 0), [(str(t), int(n)) for t, n in worst]

    def recent(self, guild_id: int | None, count: int = KEEP) -> list[dict[str, str]]:
        """One server's questions, newest first (DMs are never listed)."""
        if guild_id is None:
            return []
        cutoff = (datetime.now(UTC) - self.max_age).isoformat(timespec="seconds")
        with self._lock:
            try:
                rows = (
                    self._connect()
                    .execute(
                        "SELECT text, at FROM unanswered WHERE scope = ? AND at >= ? "
                        "ORDER BY id DESC LIMIT ?",
                        (scope_for(guild_id), cutoff, min(count, self.keep)),
                    )
                    .fetchall()
                )
            except (sqlite3.Error, OSError, ValueError) as exc:
                self._failed(exc)
                return []
        return [{"text": text, "at": at} for text, at in rows]

    def settings(self, guild_id: int) -> ServerSettings:
        """A server's settings (the defaults if none were saved, or if they cannot be read)."""
        rows = self._read(
            "SELECT channels, cooldown_questions, cooldown_seconds FROM settings WHERE scope = ?",
            (scope_for(guild_id),),
        )
        if not rows:
            return ServerSettings()
        channels, questions, seconds = rows[0]
        return ServerSettings(
            tuple(int(c) for c in str(channels).split()),
            None if questions is None else int(questions),
            None if seconds is None else int(seconds),
        )

    def save_settings(self, guild_id: int, settings: ServerSettings) -> bool:
        """Keep a server's settings; False (never an exception) if they could not be stored."""
        values = (
            scope_for(guild_id),
            " ".join(str(c) for c in settings.channels),
            settings.cooldown_questions,
            settings.cooldown_seconds,
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        with self._lock:
            try:
                db = self._connect()
                with db:
                    db.execute(
                        "INSERT OR REPLACE INTO settings (scope, channels, cooldown_questions, "
                        "cooldown_seconds, at) VALUES (?, ?, ?, ?, ?)",
                        values,
                    )
            except (sqlite3.Error, OSError, ValueError) as exc:
                self._failed(exc)
                return False
        return True

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
