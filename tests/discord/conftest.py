"""Run the real bot against the fake Discord on 127.0.0.1: in this process (`running_bot`, the
discord.py client answering on the test's own event loop) or as `python -m bot <command>`
(`BotProcess`, for exit codes and signals).

Either way the bot is configured only through its environment, as in production. A process's
stdout and stderr go to files (a pipe could fill up and stall it), read back by the tests; the
bot in this process logs to a buffer, with the same formatter.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import re
import signal
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.discord.client import CellfactsBase, make_client
from bot.discord.runner import configure_discord, open_service
from bot.discord.service import Service
from bot.logs import setup_logging
from bot.settings import Settings
from bot.testing.fake_discord import FakeDiscord, FakeUser
from tests.conftest import ROOT

# Looks like a real token (id.timestamp.hmac), so that a leak would be easy to grep for.
TOKEN = "MTI3NjU0MzIxMDk4NzY1NDMyMQ.GcFaKe.t0k3n-n3v3r-pr1nt3d_cellfacts-test-0123456789"
MESSAGES = r"/channels/\d+/messages"
FACTS = "seeds/facts/good-news-paper.toml"  # the facts file the reload tests edit
QUIET_ENV = (
    "DISCORD_",
    "CONTENT_DIR",
    "DATA_DIR",
    "MODERATOR_",
    "COOLDOWN_",
    "SHARD_",
    "LOG_",
    "MESSAGE_CONTENT",
)


def bot_env(fake: FakeDiscord | None, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a bot process: only what the test sets (no .env, no DISCORD_* leaking in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(QUIET_ENV)}
    env.update(PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1", DATA_DIR=str(data_dir), CONTENT_DIR=str(ROOT))
    env["DISCORD_TOKEN"] = fake.token if fake is not None else ""
    if fake is not None:
        env.update(DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway_url)
    env.update(extra)
    return env


class BotProcess:
    """One `python -m bot <command>` process."""

    def __init__(self, proc: asyncio.subprocess.Process, workdir: Path, data_dir: Path) -> None:
        self.proc, self.workdir, self.data_dir = proc, workdir, data_dir

    @classmethod
    async def start(cls, env: dict[str, str], workdir: Path, command: str = "run") -> BotProcess:
        workdir.mkdir(parents=True, exist_ok=True)
        with open(workdir / "stdout", "wb") as out, open(workdir / "stderr", "wb") as err:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", command, env=env, cwd=workdir, stdout=out, stderr=err
            )
        return cls(proc, workdir, Path(env["DATA_DIR"]))

    @property
    def stdout(self) -> str:
        return (self.workdir / "stdout").read_text(encoding="utf-8", errors="replace")

    @property
    def stderr(self) -> str:
        return (self.workdir / "stderr").read_text(encoding="utf-8", errors="replace")

    async def wait(self, timeout: float = 10) -> int:
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 5) -> tuple[int, float]:
        """Send ``sig``; (exit code, seconds it took). Kills the process if it overstays ``timeout``."""
        started = time.monotonic()
        self.proc.send_signal(sig)
        try:
            code = await self.wait(timeout)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise AssertionError(f"the bot did not stop within {timeout}s:\n{self.stderr[-3000:]}") from None
        return code, time.monotonic() - started

    async def kill(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            await self.proc.wait()

    async def wait_for_log(self, pattern: str, timeout: float = 10, since: int = 0) -> str:
        """The first line of stderr (from character ``since``) matching ``pattern``."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            for line in self.stderr[since:].splitlines():
                if regex.search(line):
                    return line
            if self.proc.returncode is not None or time.monotonic() > deadline:
                raise AssertionError(f"no log line matching {pattern!r}; stderr:\n{self.stderr[-3000:]}")
            await asyncio.sleep(0.05)

    def json_logs(self) -> list[dict]:
        return [json.loads(line) for line in self.stderr.splitlines() if line.strip()]


@dataclass
class InProcessBot:
    """The bot's client and service, running in this process; ``logs`` is what it has logged."""

    client: CellfactsBase
    service: Service
    settings: Settings
    log: io.StringIO

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    @property
    def logs(self) -> str:
        return self.log.getvalue()

    def json_logs(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.logs.splitlines() if line.strip()]


class _NotTheBots(logging.Filter):
    """The fake's aiohttp server shares this process: what it logs is not the bot's."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith(("aiohttp.server", "aiohttp.web", "aiohttp.access"))


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, data_dir: Path, **env: str) -> AsyncIterator[InProcessBot]:
    """The bot as `python -m bot run` starts it (settings from the environment, logging, content,
    DATA_DIR), in this process and connected to ``fake`` until the block ends, then closed."""
    settings = Settings.from_env(bot_env(fake, data_dir, **env))
    root, names = logging.getLogger(), ("discord", "aiohttp", "asyncio")
    saved = list(root.handlers), root.level, [logging.getLogger(n).level for n in names]
    endpoints = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    log = io.StringIO()
    setup_logging(settings.log_level, settings.log_format, secrets=[settings.discord_token], stream=log)
    root.handlers[0].addFilter(_NotTheBots())
    configure_discord(settings)
    service = open_service(settings)
    try:
        async with make_client(settings, service) as client:
            running = asyncio.create_task(client.start(settings.discord_token))
            connected = asyncio.create_task(fake.wait_until_connected(timeout=15))
            await asyncio.wait({running, connected}, return_when=asyncio.FIRST_COMPLETED)
            if not connected.done():
                connected.cancel()
                raise AssertionError(
                    f"the bot stopped before connecting: {running.exception()}\n{log.getvalue()}"
                )
            connected.result()
            try:
                yield InProcessBot(client, service, settings, log)
            finally:
                await client.close()
                await asyncio.wait_for(running, 5)
    finally:
        service.unanswered.close()
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = endpoints
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name, level in zip(names, saved[2], strict=True):
            logging.getLogger(name).setLevel(level)
        logging.captureWarnings(False)


async def start_bot(fake: FakeDiscord, workdir: Path, **env: str) -> BotProcess:
    """A bot process connected to ``fake`` (identified, READY and GUILD_CREATE sent)."""
    data_dir = Path(env.pop("DATA_DIR", workdir / "data"))
    bot = await BotProcess.start(bot_env(fake, data_dir, **env), workdir)
    try:
        await wait_connected(fake, bot)
    except BaseException:
        await bot.kill()
        raise
    return bot


async def wait_connected(fake: FakeDiscord, bot: BotProcess, timeout: float = 15) -> None:
    waiting = asyncio.ensure_future(fake.wait_until_connected(timeout=timeout))
    exited = asyncio.ensure_future(bot.proc.wait())
    done, _ = await asyncio.wait({waiting, exited}, return_when=asyncio.FIRST_COMPLETED)
    if waiting not in done:
        waiting.cancel()
        raise AssertionError(f"the bot exited ({bot.proc.returncode}) before connecting:\n{bot.stderr}")
    exited.cancel()
    waiting.result()


def edit_first_fact(content: Path) -> tuple[str, str]:
    """Reword the first fact of FACTS in ``content``; (its id, the original file text to restore)."""
    path = content / FACTS
    original = path.read_text(encoding="utf-8")
    found = re.search(r'^id = "([^"]+)"', original, re.M)
    assert found is not None
    edited = re.sub(
        r'^(text = ".*?)\."$', lambda m: m[1] + ' (as the article says)."', original, count=1, flags=re.M
    )
    assert edited != original
    path.write_text(edited, encoding="utf-8")
    return found[1], original


def mentions_request(fake: FakeDiscord, message: dict):
    """A predicate: the bot's POST replying to ``message``."""

    def replied(r) -> bool:
        reference = r.json.get("message_reference") if isinstance(r.json, dict) else None
        return bool(reference) and str(reference.get("message_id")) == message["id"]

    return replied


async def ask_by_mention(fake: FakeDiscord, text: str, *, author: FakeUser | None = None, **kw):
    """Mention the bot with ``text``; the bot's (successful) reply request."""
    sent = await fake.send_message_create(f"{fake.bot_user.mention} {text}", author=author, **kw)
    assert sent is not None
    return await fake.wait_for_request(
        "POST", MESSAGES, predicate=lambda r: mentions_request(fake, sent)(r) and r.status == 200
    )


def embed_text(body: dict) -> str:
    """Everything a reader sees in a message body: content, and the embeds' text."""
    parts = [body.get("content") or ""]
    for embed in body.get("embeds") or []:
        parts.append(embed.get("description") or "")
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
        parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def module_dir(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    return tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    async with FakeDiscord(token=TOKEN) as server:
        yield server


@pytest.fixture
def user(fake: FakeDiscord, request: pytest.FixtureRequest) -> FakeUser:
    """A guild member of their own for each test, so cooldowns and conversations never mix."""
    return fake.add_user(f"user_{request.node.name[:20]}")
