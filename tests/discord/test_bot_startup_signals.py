"""Signals while the bot starts: handlers are in place before the content loads (at 100x content
that takes seconds), SIGTERM then exits 0 at once, and a SIGHUP queues a reload."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
import pytest_asyncio

from bot.bench import make_scaled_content
from bot.testing.fake_discord import FakeDiscord
from tests.conftest import ROOT
from tests.discord.conftest import TOKEN, BotProcess, bot_env, wait_connected

pytestmark = pytest.mark.asyncio
LOADING = "loading the content"


@pytest.fixture(scope="module")
def big_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_scaled_content(ROOT, tmp_path_factory.mktemp("scaled") / "content", 100)


@pytest_asyncio.fixture
async def fake():
    async with FakeDiscord(token=TOKEN) as server:
        yield server


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_stop_signal_while_loading_exits_0_without_a_traceback(fake, tmp_path, big_content, sig):
    env = bot_env(fake, tmp_path / "data", CONTENT_DIR=str(big_content))
    bot = await BotProcess.start(env, tmp_path / "bot")
    await bot.wait_for_log(LOADING, timeout=20)
    code, seconds = await bot.stop(sig)
    assert code == 0 and seconds < 3, bot.stderr[-2000:]
    assert "stopped during start-up" in bot.stderr and "Traceback" not in bot.stderr
    assert not fake.requests  # it never went to Discord


async def test_sighup_while_loading_reloads_once_connected(fake, tmp_path, big_content):
    env = bot_env(fake, tmp_path / "data", CONTENT_DIR=str(big_content))
    bot = await BotProcess.start(env, tmp_path / "bot")
    await bot.wait_for_log(LOADING, timeout=20)
    bot.proc.send_signal(signal.SIGHUP)
    await wait_connected(fake, bot, timeout=30)
    await bot.wait_for_log("content reloaded", timeout=30)
    assert bot.proc.returncode is None and "Traceback" not in bot.stderr
    code, _ = await bot.stop(signal.SIGTERM, timeout=10)
    assert code == 0, bot.stderr[-2000:]
