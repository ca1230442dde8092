"""Starting and stopping the real bot (`python -m bot`, a process each): tokens, broken content,
signals (stop, and SIGHUP to reload), command sync, sharding."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
import pytest_asyncio

from bot.discord.commands import ASK_ABOUT_MESSAGE
from bot.testing.fake_discord import INTENT_MESSAGE_CONTENT, FakeDiscord
from tests.conftest import copy_content
from tests.discord.conftest import (
    TOKEN,
    BotProcess,
    ask_by_mention,
    bot_env,
    edit_first_fact,
    embed_text,
    start_bot,
    wait_connected,
)

pytestmark = pytest.mark.asyncio

COMMANDS = r"/applications/\d+/commands"


@pytest_asyncio.fixture
async def fake():
    async with FakeDiscord(token=TOKEN) as server:
        yield server


def assert_clean(bot: BotProcess) -> None:
    output = bot.stdout + bot.stderr
    assert "Traceback" not in output and TOKEN not in output


async def test_missing_token_exits_2_with_one_clear_line(tmp_path: Path):
    bot = await BotProcess.start(bot_env(None, tmp_path / "data"), tmp_path / "bot")
    assert await bot.wait() == 2
    lines = bot.stderr.strip().splitlines()
    assert len(lines) == 1 and "DISCORD_TOKEN is not set" in lines[0]
    assert_clean(bot)


async def test_rejected_token_exits_2(fake: FakeDiscord, tmp_path: Path):
    fake.reject_token = True
    bot = await BotProcess.start(bot_env(fake, tmp_path / "data"), tmp_path / "bot")
    assert await bot.wait() == 2
    assert "Discord rejected the token in DISCORD_TOKEN" in bot.stderr
    assert fake.requests[-1].status == 401
    assert_clean(bot)


async def test_broken_content_at_start_exits_1_listing_the_problems(fake: FakeDiscord, tmp_path: Path):
    content = copy_content(tmp_path / "content")
    (content / "intents/cost.toml").write_bytes(b"\xff")
    env = bot_env(fake, tmp_path / "data", CONTENT_DIR=str(content))
    bot = await BotProcess.start(env, tmp_path / "bot")
    assert await bot.wait() == 1
    assert "problem(s)" in bot.stderr and "intents/cost.toml" in bot.stderr
    assert not fake.requests  # it never went to Discord
    assert_clean(bot)


async def test_sigterm_stops_cleanly_and_a_restart_does_not_resync(fake: FakeDiscord, tmp_path: Path):
    data = tmp_path / "data"
    env = bot_env(fake, data)
    del env["DISCORD_TOKEN"]  # from .env this time
    for workdir in ("bot", "bot2"):
        (tmp_path / workdir).mkdir()
        (tmp_path / workdir / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\n", encoding="utf-8")
    first = await BotProcess.start(env, tmp_path / "bot")
    await wait_connected(fake, first)
    assert len([r for r in fake.requests if r.method == "PUT"]) == 1
    assert (data / "commands.json").is_file()
    await first.wait_for_log("connected to Discord")  # on_ready: the heartbeat is written
    assert (data / "heartbeat").is_file()

    code, seconds = await first.stop(signal.SIGTERM)
    assert code == 0 and seconds < 5
    assert not (data / "heartbeat").exists()  # stopped: not healthy
    assert_clean(first)

    mark = len(fake.requests)
    second = await BotProcess.start(env, tmp_path / "bot2")
    await wait_connected(fake, second)
    await ask_by_mention(fake, "what is TaNK?")  # fully up: setup_hook has run
    assert not [r for r in fake.requests[mark:] if r.method == "PUT"]  # same commands: no sync
    assert "slash commands unchanged" in second.stderr
    code, seconds = await second.stop(signal.SIGINT)
    assert code == 0 and seconds < 5
    assert_clean(second)


async def test_sighup_reloads_the_content_and_logs_what_changed(fake: FakeDiscord, tmp_path: Path):
    content = copy_content(tmp_path / "content")
    bot = await start_bot(fake, tmp_path / "bot", CONTENT_DIR=str(content), LOG_FORMAT="json")
    fact_id, _ = edit_first_fact(content)
    mark = len(bot.stderr)
    bot.proc.send_signal(signal.SIGHUP)
    line = await bot.wait_for_log(r'"content reloaded', since=mark)
    assert f"facts changed (1): {fact_id}" in line and '"by": "SIGHUP"' in line
    reply = await ask_by_mention(fake, "who was the first patient to get BE-CAR7?")
    assert "Alyssa" in embed_text(reply.json)
    code, _ = await bot.stop()
    assert code == 0
    assert_clean(bot)


async def test_sync_command_registers_the_commands_and_exits(fake: FakeDiscord, tmp_path: Path):
    bot = await BotProcess.start(bot_env(fake, tmp_path / "data"), tmp_path / "bot", command="sync")
    assert await bot.wait(timeout=15) == 0, bot.stderr
    put = await fake.wait_for_request("PUT", COMMANDS)
    commands = {c["name"]: c for c in put.json}
    assert set(commands) == {"ask", "sources", "help", "reload", "unanswered", "settings", ASK_ABOUT_MESSAGE}
    assert commands[ASK_ABOUT_MESSAGE]["type"] == 3  # a message context menu
    question = commands["ask"]["options"][0]
    assert question["name"] == "question" and question["required"] and question["max_length"] == 1000
    assert question["autocomplete"] and commands["ask"]["options"][1]["name"] == "private"
    assert int(commands["reload"]["default_member_permissions"]) == 1 << 5  # Manage Server: a hint only
    assert int(commands["settings"]["default_member_permissions"]) == 1 << 5
    assert not fake.gateway_queries  # it never connected to the gateway
    assert "slash commands synced" in bot.stderr
    # how to show the moderator commands to a helper role, which Discord hides by default
    assert "Server Settings → Integrations" in bot.stdout and "MODERATOR_ROLE_IDS" in bot.stdout
    assert fake.token not in bot.stdout
    assert_clean(bot)


async def test_sharded_process_with_message_content(fake: FakeDiscord, tmp_path: Path):
    bot = await start_bot(
        fake, tmp_path / "bot", SHARD_COUNT="2", SHARD_IDS="1", MESSAGE_CONTENT_INTENT="true"
    )
    identify = await fake.wait_for_gateway_op(2)
    assert identify["d"]["shard"] == [1, 2]
    assert identify["d"]["intents"] & INTENT_MESSAGE_CONTENT
    reply = await ask_by_mention(fake, "who was the first patient to get BE-CAR7?")
    assert "Alyssa" in embed_text(reply.json)
    # With Message Content, a reply to the bot's answer needs no mention (nor a ping).
    sent = await fake.send_message_create("how old was she?", reply_to=reply.response, mentions=[])
    follow = await fake.wait_for_request(
        "POST", r"/channels/\d+/messages",
        predicate=lambda r: (r.json or {}).get("message_reference", {}).get("message_id") == int(sent["id"]),
    )  # fmt: skip
    assert "13" in embed_text(follow.json)
    code, seconds = await bot.stop()
    assert code == 0 and seconds < 5
    assert_clean(bot)
