"""`python -m bot.discord.bench`: the real bot process answering mentions through the fake Discord.

Starts the fake Discord (bot.testing.fake_discord) on 127.0.0.1, runs `python -m bot run`
against it (cooldown off), sends mentions from many users and measures, for each, the time
from the MESSAGE_CREATE frame being sent to the bot's reply POST arriving. Prints p50/p99 one
at a time and with several in flight, and the rate sustained.

Then, against a fresh bot process (warmed up with 50 mentions), a burst: BURST questions sent at
once from BURST_CHANNELS channels, mentions and /ask alternating, each timed to its first
response (the reply POST, or the interaction callback). Prints p50/p99, how many were answered,
and the largest event-loop stall the bot logged (from login to exit, warm-up included).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bot
from bot.bench import QUESTIONS
from bot.testing.fake_discord import FakeDiscord, FakeUser, RecordedRequest

PACKAGE_HOME = Path(bot.__file__).resolve().parent.parent  # where `import bot` finds this package
BURST, BURST_CHANNELS = 200, 50
CALLBACK = re.compile(r"/interactions/(\d+)/[^/]+/callback")
STALL = re.compile(r"largest event-loop stall since login: ([0-9.]+) ms")


class ReplyClock:
    """When each reply arrives: the fake calls ``note`` for every REST call it answers."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.pending: dict[str, asyncio.Future[float]] = {}  # by the id of the message replied to
        self.early: dict[str, float] = {}  # interaction callbacks that came before they were expected
        fake.on_request(self.note)

    def expect(self, key: str) -> asyncio.Future[float]:
        """A future set to the time the reply to message ``key`` (or the callback of interaction
        ``i<id>``) arrives."""
        future = asyncio.get_running_loop().create_future()
        if key in self.early:
            future.set_result(self.early.pop(key))
        else:
            self.pending[key] = future
        return future

    def note(self, request: RecordedRequest) -> None:
        """A successful POST replying to a message is its reply (a 429 is retried, and noted then);
        an interaction's callback is its first response."""
        if request.method != "POST" or request.status != 200 or not isinstance(request.json, dict):
            return
        callback = CALLBACK.fullmatch(request.path)
        if callback is not None:
            key = f"i{callback[1]}"
        else:
            key = str((request.json.get("message_reference") or {}).get("message_id"))
        now = time.perf_counter()
        waiting = self.pending.pop(key, None)
        if waiting is None and callback is not None:
            self.early[key] = now
        elif waiting is not None and not waiting.done():
            waiting.set_result(now)


def _add_channels(fake: FakeDiscord, count: int) -> list[int]:
    """``count`` text channels (the fake's own first): discord.py sends one message at a time per
    channel (its rate-limit bucket), as Discord itself allows only a few per second in each."""
    ids = [fake.channel_id]
    for i in range(1, count):
        channel_id = fake.new_id()
        first = fake.channels[fake.channel_id]
        fake.channels[channel_id] = {**first, "id": str(channel_id), "name": f"ask-{i}"}
        ids.append(channel_id)
    return ids


async def _ask(fake: FakeDiscord, clock: ReplyClock, author: FakeUser, channel_id: int, text: str) -> float:
    """One mention; seconds from MESSAGE_CREATE sent to the reply received."""
    mention = {**fake.bot_user.payload(), "member": fake.member_payload(fake.bot_user, with_user=False)}
    content = f"{fake.bot_user.mention} {text}"
    message = fake.message_payload(author, channel_id, content, mentions=[mention])
    arrived = clock.expect(message["id"])
    sent = time.perf_counter()
    await fake.dispatch("MESSAGE_CREATE", message)
    return await asyncio.wait_for(arrived, 10) - sent


async def _phase(
    fake: FakeDiscord,
    clock: ReplyClock,
    users: list[FakeUser],
    channels: list[int],
    count: int,
    in_flight: int,
) -> tuple[list[float], float]:
    questions = itertools.cycle(QUESTIONS)
    people = itertools.cycle(users)
    latencies: list[float] = []
    left = iter(range(count))

    async def worker(channel_id: int) -> None:
        for _ in left:
            latencies.append(await _ask(fake, clock, next(people), channel_id, next(questions)))

    started = time.perf_counter()
    await asyncio.gather(*(worker(channels[i % len(channels)]) for i in range(in_flight)))
    return latencies, time.perf_counter() - started


async def _slash(fake: FakeDiscord, clock: ReplyClock, author: FakeUser, channel_id: int, text: str) -> float:
    """One /ask; seconds from INTERACTION_CREATE sent to the interaction's callback received."""
    started = time.perf_counter()
    sent = await fake.send_slash_command("ask", {"question": text}, user=author, channel_id=channel_id)
    return await asyncio.wait_for(clock.expect(f"i{sent.id}"), 10) - started


async def _burst(
    fake: FakeDiscord, clock: ReplyClock, users: list[FakeUser], channels: list[int]
) -> tuple[list[float], int]:
    """BURST questions at once from the channels, mentions and /ask alternating: the times to the
    first response of those answered, and how many were not answered within 10 s."""
    questions = itertools.cycle(QUESTIONS)

    async def one(i: int) -> float:
        ask = _ask if i % 2 == 0 else _slash
        return await ask(fake, clock, users[i % len(users)], channels[i % len(channels)], next(questions))

    results = await asyncio.gather(*(one(i) for i in range(BURST)), return_exceptions=True)
    latencies = [r for r in results if isinstance(r, float)]
    return latencies, BURST - len(latencies)


def _report(label: str, latencies: list[float], seconds: float) -> str:
    p50, p99, top = _percentiles(latencies)
    return (
        f"{label:<16} p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   max {top:6.2f} ms   "
        f"{len(latencies) / seconds:7.0f} replies/s"
    )


def _percentiles(latencies: list[float]) -> tuple[float, float, float]:
    ms = sorted(x * 1000 for x in latencies)
    return statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.99))], ms[-1]


async def run(count: int, in_flight: int, log_level: str) -> None:
    await _session(count, in_flight, log_level, burst=False)
    await _session(count, in_flight, log_level, burst=True)


async def _session(count: int, in_flight: int, log_level: str, *, burst: bool) -> None:
    """A fresh fake Discord and bot process: the two rows, or (``burst``) the burst."""
    fake = FakeDiscord()
    clock = ReplyClock(fake)
    await fake.start()
    users = [fake.add_user(f"bench_{i}") for i in range(50)]
    channels = _add_channels(fake, BURST_CHANNELS if burst else in_flight)
    with tempfile.TemporaryDirectory(prefix="cellfacts-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SHARD_", "LOG_"))}
        env.update(
            PYTHONPATH=str(PACKAGE_HOME), DISCORD_TOKEN=fake.token, DISCORD_API_BASE=fake.api_base,
            DISCORD_GATEWAY_URL=fake.gateway_url, DATA_DIR=tmp, COOLDOWN_QUESTIONS="0", LOG_LEVEL=log_level,
        )  # fmt: skip
        with open(Path(tmp) / "bot.log", "wb") as log:
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", env=env, cwd=tmp, stdout=log, stderr=log
            )
        try:
            await fake.wait_until_connected(timeout=20)
            await _phase(fake, clock, users, channels, 50, 1)  # warm up
            if burst:
                latencies, missed = await _burst(fake, clock, users, channels)
            else:
                what = f"{count} mentions a row"
                print(f"cellfacts through the fake Discord (127.0.0.1), real bot process: {what}")
                print(_report("one at a time", *await _phase(fake, clock, users, channels, count, 1)))
                label = f"{in_flight} in flight"
                print(_report(label, *await _phase(fake, clock, users, channels, count, in_flight)))
        finally:
            bot.terminate()
            code = await asyncio.wait_for(bot.wait(), 10)
            await fake.stop()
            logged = (Path(tmp) / "bot.log").read_text(encoding="utf-8", errors="replace")
            if code != 0:
                print(logged[-3000:], file=sys.stderr)
    if burst:
        p50, p99, top = _percentiles(latencies) if latencies else (0.0, 0.0, 0.0)
        stall = STALL.search(logged)
        print(
            f"burst: {BURST} questions at once from {BURST_CHANNELS} channels (mentions and /ask "
            f"alternating), fresh bot process: first response p50 {p50:.1f} ms   p99 {p99:.1f} ms   "
            f"max {top:.1f} ms   answered {BURST - missed}/{BURST}   largest event-loop stall "
            + (f"{float(stall[1]):.1f} ms" if stall else "not logged (LOG_LEVEL above info?)")
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.discord.bench", description=__doc__)
    parser.add_argument("--count", type=int, default=1000, help="mentions per measurement (default 1000)")
    parser.add_argument(
        "--in-flight", type=int, default=10, help="questions open at once in the second row, one per channel"
    )
    parser.add_argument("--log-level", default="info", help="the bot's LOG_LEVEL (default info)")
    args = parser.parse_args(argv)
    asyncio.run(run(args.count, args.in_flight, args.log_level))


if __name__ == "__main__":
    main()
