"""Per-conversation follow-up context: the last therapy and question, bounded and expiring."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

IDLE_SECONDS = 15 * 60
MAX_CONVERSATIONS = 10_000


@dataclass(frozen=True)
class Context:
    therapy: str | None = None
    intent: str | None = None
    awaiting_therapy: bool = False  # we asked "which therapy?" for `intent`

    @property
    def therapies(self) -> tuple[str, ...]:
        """The therapy talked about, as a plan's therapies (none when none is)."""
        return (self.therapy,) if self.therapy else ()


class ConversationMemory:
    def __init__(
        self,
        idle_seconds: float = IDLE_SECONDS,
        max_conversations: int = MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.idle_seconds = idle_seconds
        self.max_conversations = max_conversations
        self.clock = clock
        self._items: OrderedDict[str, tuple[float, Context]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Context:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return Context()
            stamp, context = item
            if self.clock() - stamp > self.idle_seconds:
                del self._items[key]
                return Context()
            return context

    def put(self, key: str, context: Context) -> None:
        with self._lock:
            self._items[key] = (self.clock(), context)
            self._items.move_to_end(key)
            while len(self._items) > self.max_conversations:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
