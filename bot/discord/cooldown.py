"""Per-user cooldown: at most `limit` questions in any `per` seconds, with a bounded memory."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

MAX_USERS = 10_000


class Cooldown:
    def __init__(
        self,
        limit: int,
        per: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = MAX_USERS,
    ) -> None:
        self.limit, self.per, self.clock, self.max_users = limit, per, clock, max_users
        self._hits: OrderedDict[int, deque[float]] = OrderedDict()
        self._noted: OrderedDict[int, float] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.limit > 0 and self.per > 0

    def hit(self, user_id: int) -> float:
        """Count a question; 0 if it may be answered, else the seconds until it may."""
        if not self.enabled:
            return 0.0
        now = self.clock()
        hits = self._hits.pop(user_id, None) or deque()
        while hits and now - hits[0] >= self.per:
            hits.popleft()
        self._hits[user_id] = hits  # most recently seen last
        self._trim(self._hits)
        if len(hits) >= self.limit:
            return max(self.per - (now - hits[0]), 0.1)
        hits.append(now)
        return 0.0

    def may_note(self, user_id: int) -> bool:
        """True at most once per `per` seconds per user: whether to tell them they are cooling down."""
        now = self.clock()
        last = self._noted.pop(user_id, None)
        if last is not None and now - last < self.per:
            self._noted[user_id] = last
            return False
        self._noted[user_id] = now
        self._trim(self._noted)
        return True

    def _trim(self, items: OrderedDict[int, Any]) -> None:
        while len(items) > self.max_users:
            items.popitem(last=False)
