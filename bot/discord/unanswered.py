"""The most recent questions the bot could not answer: text only, bounded, kept across restarts."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import deque
from datetime import UTC, datetime
from pathlib import Path

from bot.health import write_atomic

log = logging.getLogger("cellfacts.unanswered")
KEEP = 50
MAX_TEXT = 300
# Mentions name people (and channels); the log keeps what was asked, not who was around.
_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>")


def scrub(text: str) -> str:
    """The question as stored: mentions removed, whitespace collapsed, cut to MAX_TEXT."""
    text = _MENTION.sub(" ", text[: MAX_TEXT * 4])
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


class UnansweredLog:
    """A JSON list of {"text", "at"} in ``path``, newest last, at most ``keep`` long."""

    def __init__(self, path: Path, keep: int = KEEP) -> None:
        self.path = Path(path)
        self._items: deque[dict[str, str]] = deque(self._load(), maxlen=keep)
        self._lock = threading.Lock()

    def _load(self) -> list[dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable %s: %s", self.path, exc)
            return []
        if not isinstance(data, list):
            return []
        return [
            {"text": str(d["text"]), "at": str(d.get("at", ""))}
            for d in data
            if isinstance(d, dict) and isinstance(d.get("text"), str)
        ]

    def add(self, question: str) -> None:
        text = scrub(question)
        if not text:
            return
        with self._lock:
            self._items.append({"text": text, "at": datetime.now(UTC).isoformat(timespec="seconds")})
            payload = json.dumps(list(self._items), ensure_ascii=False, indent=1)
            try:
                write_atomic(self.path, payload)
            except OSError as exc:
                log.warning("could not save the unanswered questions to %s: %s", self.path, exc)

    def recent(self, count: int = KEEP) -> list[dict[str, str]]:
        """Newest first."""
        with self._lock:
            return list(reversed(self._items))[:count]
