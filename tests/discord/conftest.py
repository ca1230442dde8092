"""Run the real bot (`python -m bot run`, in a subprocess) against the fake Discord on 127.0.0.1.

The bot is configured only through its environment, as in production. Its stdout and stderr go to
files (a pipe could fill up and stall it), read back by the tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest
import pytest_asyncio

from bot.testing.fake_discord import FakeDiscord, FakeUser
from tests.conftest import ROOT

# Looks like a real token (id.timestamp.hmac), so that a leak would be easy to grep for.
TOKEN = "MTI3NjU0MzIxMDk4NzY1NDMyMQ.GcFaKe.t0k3n-n3v3r-pr1nt3d_cellfacts-test-0123456789"
MESSAGES = r"/channels/\d+/messages"
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
