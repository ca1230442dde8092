"""The real bot (in this process) and its DATA_DIR: a question with a lone surrogate, privacy of /unanswered per
server and for DMs, and a DATA_DIR that cannot be written (the bot answers on, warns once)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import pytest_asyncio

from bot.testing.fake_discord import FakeDiscord
from tests.discord.conftest import TOKEN, ask_by_mention, bot_env, embed_text, running_bot

pytestmark = pytest.mark.asyncio
SORRY = "Sorry, I could not find an answer"


@pytest_asyncio.fixture
async def fake():
    async with FakeDiscord(token=TOKEN) as server:
        yield server


async def unanswered_as_moderator(fake: FakeDiscord) -> str:
    sent = await fake.send_slash_command("unanswered", user=fake.moderator)
    return (await fake.wait_for_interaction_response(sent)).json["data"]["content"]


async def test_surrogate_question_and_private_dms(fake, tmp_path: Path):
    async with running_bot(fake, tmp_path / "data") as bot:
        user = fake.add_user("rosa_family")
        reply = await ask_by_mention(fake, "best lasagne \ud800 recipe", author=user)
        assert SORRY in embed_text(reply.json)
        for i in range(3):  # the fallbacks of everyone after still work
            other = fake.add_user(f"other_{i}")
            reply = await ask_by_mention(fake, f"how do I cook pasta number {i}", author=other)
            assert SORRY in embed_text(reply.json)
        await fake.send_message_create("my daughter's private question about pizza", dm=True, author=user)
        await fake.wait_for_request("POST", rf"/channels/{fake.dm_channel_id(user)}/messages")
        listed = await unanswered_as_moderator(fake)
        assert "best lasagne \ufffd recipe" in listed and "pasta number 2" in listed
        assert "private question" not in listed  # DMs are never shown in any server
    assert "Traceback" not in bot.logs


async def test_unwritable_data_dir_answers_and_warns_once(fake, tmp_path: Path):
    blocked = tmp_path / "data"
    blocked.write_text("a file where DATA_DIR should be", encoding="utf-8")  # root ignores chmod
    async with running_bot(fake, blocked) as bot:
        for i in range(3):
            asker = fake.add_user(f"p{i}")
            reply = await ask_by_mention(fake, f"what is the best pizza topping {i}", author=asker)
            assert SORRY in embed_text(reply.json)
        reply = await ask_by_mention(
            fake, "who was the first patient to get BE-CAR7?", author=fake.add_user("q")
        )
        assert "Alyssa" in embed_text(reply.json)
        warnings = [line for line in bot.logs.splitlines() if " WARNING " in line]
        assert len(warnings) == 1 and "DATA_DIR" in warnings[0] and "answering anyway" in warnings[0], (
            bot.logs
        )
        done = subprocess.run([sys.executable, "-m", "bot", "healthcheck"], env=bot_env(fake, blocked),
                              capture_output=True, text=True, timeout=20)  # fmt: skip
        assert done.returncode == 1 and "cannot be written" in done.stdout
    assert "Traceback" not in bot.logs
