"""How long the event loop was kept from running: the bot's answers share one loop, so the longest
stall bounds how late any reply, button or heartbeat can be. `StallWatch` sleeps a short tick
again and again and keeps the largest lateness; the client logs it when it closes."""

from __future__ import annotations

import asyncio
import time

TICK = 0.05  # seconds between checks: cheap, and fine enough for stalls that matter (tens of ms)


class StallWatch:
    def __init__(self, tick: float = TICK) -> None:
        self.tick = tick
        self.largest = 0.0  # seconds
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._watch(), name="cellfacts-stall-watch")

    async def _watch(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(self.tick)
            self.largest = max(self.largest, time.perf_counter() - started - self.tick)

    def stop(self) -> bool:
        """Stop watching; True if it was watching (so that the figure is reported once)."""
        if self._task is None:
            return False
        self._task.cancel()
        self._task = None
        return True
