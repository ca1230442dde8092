"""/help, "Ask cellfacts about this message", the delete button and per-server settings, through
the real bot (one client in this process for this module) and the fake Discord."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import pytest_asyncio

from bot.discord.client import NOT_YOURS
from bot.discord.commands import ASK_ABOUT_MESSAGE, NO_TEXT, NOT_A_MODERATOR, ONLY_CHANNEL
from bot.discord.unanswered import DB_FILE, UnansweredLog
from bot.testing.fake_discord import EPHEMERAL, FakeDiscord
from tests.discord.conftest import ask_by_mention, embed_text, mentions_request, running_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

NOTICE = "Not medical advice"


@pytest.fixture(scope="module")
def quiet_channel(fake: FakeDiscord) -> int:
    """A second text channel (made before the bot connects)."""
    channel_id = fake.new_id()
    fake.channels[channel_id] = {**fake.channels[fake.channel_id], "id": str(channel_id), "name": "ask-here"}
    return channel_id


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(fake: FakeDiscord, module_dir: Path, quiet_channel: int):
    async with running_bot(fake, module_dir / "data", LOG_FORMAT="json", LOG_LEVEL="info") as running:
        yield running
    assert "Traceback" not in running.logs, running.logs[-3000:]


async def test_help_says_how_to_ask_and_what_to_ask_privately(fake, bot, user):
    sent = await fake.send_slash_command("help", user=user)
    data = (await fake.wait_for_interaction_response(sent)).json["data"]
    assert data["flags"] & EPHEMERAL and data["allowed_mentions"] == {"parse": []}
    text = embed_text(data)
    assert "BE-CAR7" in text and "UCART19" in text  # what it answers
    assert "mention me" in text and "direct message" in text and "/ask" in text  # how to ask
    assert NOTICE in text


async def test_help_in_a_direct_message(fake, bot, user):
    sent = await fake.send_slash_command("help", user=user, dm=True)
    data = (await fake.wait_for_interaction_response(sent)).json["data"]
    assert data["flags"] & EPHEMERAL and "/ask" in embed_text(data)


async def test_ask_about_a_message_answers_privately(fake, bot, user):
    asked = fake.message_payload(fake.member, fake.channel_id, "who was the first patient to get BE-CAR7?")
    sent = await fake.send_message_command(ASK_ABOUT_MESSAGE, asked, user=user)
    data = (await fake.wait_for_interaction_response(sent)).json["data"]
    assert data["flags"] & EPHEMERAL and data["allowed_mentions"] == {"parse": []}
    assert data["content"] == "> who was the first patient to get BE-CAR7?"
    text = embed_text(data)
    assert "Alyssa" in text and NOTICE in text and "Sources" in text
    # private: never in the server's unanswered list
    asked = fake.message_payload(fake.member, fake.channel_id, "how do I repair a bicycle chain")
    sent = await fake.send_message_command(ASK_ABOUT_MESSAGE, asked, user=user)
    assert (await fake.wait_for_interaction_response(sent)).json["data"]["flags"] & EPHEMERAL
    assert not bot.service.unanswered.groups(fake.guild_id)


async def test_ask_about_a_message_is_safety_first(fake, bot, user):
    asked = fake.message_payload(fake.member, fake.channel_id, "my son cant breathe right now")
    sent = await fake.send_message_command(ASK_ABOUT_MESSAGE, asked, user=user)
    data = (await fake.wait_for_interaction_response(sent)).json["data"]
    assert data["flags"] & EPHEMERAL and not data.get("content")  # the emergency line comes first
    assert data["embeds"][0]["description"].startswith("🚨")


async def test_ask_about_a_message_without_text(fake, bot, user):
    asked = fake.message_payload(fake.member, fake.channel_id, "")
    sent = await fake.send_message_command(ASK_ABOUT_MESSAGE, asked, user=user)
    data = (await fake.wait_for_interaction_response(sent)).json["data"]
    assert data["flags"] & EPHEMERAL and data["content"] == NO_TEXT


def delete_button(body: dict) -> str:
    (found,) = [
        b["custom_id"]
        for row in body.get("components") or []
        for b in row["components"]
        if b["custom_id"].startswith("cfx:")
    ]
    return found


async def test_the_asker_deletes_their_answer_and_others_may_not(fake, bot, user):
    reply = await ask_by_mention(fake, "who was the first patient to get BE-CAR7?", author=user)
    message = reply.response
    button = delete_button(reply.json)
    assert button == f"cfx:{user.id}"

    other = fake.add_user("someone_else")
    sent = await fake.send_component_click(button, message=message, user=other)
    data = (await fake.wait_for_interaction_response(sent)).json["data"]
    assert data["flags"] & EPHEMERAL and data["content"] == NOT_YOURS
    assert int(message["id"]) in fake.messages  # still there

    sent = await fake.send_component_click(button, message=message, user=user)
    assert (await fake.wait_for_interaction_response(sent)).json["type"] == 6  # acknowledged, no message
    await fake.wait_for_request("DELETE", rf"/channels/\d+/messages/{message['id']}")
    assert int(message["id"]) not in fake.messages
    assert str(user.id) not in bot.logs


async def test_a_moderator_deletes_an_answer(fake, bot, user):
    sent = await fake.send_slash_command("ask", {"question": "what is TaNK?"}, user=user)
    callback = await fake.wait_for_interaction_response(sent)
    message = callback.response["resource"]["message"]
    button = delete_button(callback.json["data"])
    sent = await fake.send_component_click(button, message=message, user=fake.moderator)
    assert (await fake.wait_for_interaction_response(sent)).json["type"] == 6
    await fake.wait_for_request("DELETE", rf"/channels/\d+/messages/{message['id']}")
    assert int(message["id"]) not in fake.messages


async def test_the_asker_deletes_a_private_answer(fake, bot, user):
    sent = await fake.send_slash_command("ask", {"question": "what is TaNK?", "private": True}, user=user)
    callback = await fake.wait_for_interaction_response(sent)
    message = callback.response["resource"]["message"]
    assert message["flags"] & EPHEMERAL
    clicked = await fake.send_component_click(
        delete_button(callback.json["data"]), message=message, user=user
    )
    assert (await fake.wait_for_interaction_response(clicked)).json["type"] == 6
    await fake.wait_for_request("DELETE", rf"/webhooks/\d+/{clicked.token}/messages/@original")
    assert int(message["id"]) not in fake.messages


async def settings_as(fake: FakeDiscord, user, channel_id: int | None = None, **options) -> str:
    sent = await fake.send_slash_command("settings", options, user=user, channel_id=channel_id)
    data = (await fake.wait_for_interaction_response(sent)).json["data"]
    assert data["flags"] & EPHEMERAL and data["allowed_mentions"] == {"parse": []}
    return data["content"]


async def test_settings_are_for_moderators(fake, bot, user):
    assert await settings_as(fake, user) == NOT_A_MODERATOR
    assert await settings_as(fake, user, channel="everywhere") == NOT_A_MODERATOR
    text = await settings_as(fake, fake.moderator)
    assert "every channel" in text and "(the bot default)" in text


async def test_settings_choose_the_channels_the_bot_answers_in(fake, bot, user, quiet_channel):
    text = await settings_as(fake, fake.moderator, quiet_channel, channel="only")
    assert text.startswith("Saved.") and f"<#{quiet_channel}>" in text
    try:
        # elsewhere: no reply to a mention; a public /ask is pointed to the channel, privately
        ignored = await fake.send_message_create(f"{fake.bot_user.mention} what is TaNK?", author=user)
        sent = await fake.send_slash_command("ask", {"question": "what is TaNK?"}, user=user)
        data = (await fake.wait_for_interaction_response(sent)).json["data"]
        assert data["flags"] & EPHEMERAL and f"<#{quiet_channel}>" in data["content"]
        sent = await fake.send_slash_command("ask", {"question": "what is TaNK?", "private": True}, user=user)
        data = (await fake.wait_for_interaction_response(sent)).json["data"]
        assert data["flags"] & EPHEMERAL and "TaNK" in embed_text(data)  # private questions: anywhere
        reply = await ask_by_mention(fake, "what is TaNK?", author=user, channel_id=quiet_channel)
        assert "TaNK" in embed_text(reply.json)
        text = await settings_as(fake, fake.moderator, quiet_channel, channel="remove")
        assert text.startswith(ONLY_CHANNEL) and f"<#{quiet_channel}>" in text  # not "every channel"
        assert not [r for r in fake.requests if mentions_request(fake, ignored)(r)]
        # kept in the per-server store, with the other moderator data
        stored = UnansweredLog(bot.data_dir)
        assert stored.settings(fake.guild_id).channels == (quiet_channel,)  # as a restart reads them
        stored.close()
        with sqlite3.connect(bot.data_dir / DB_FILE) as db:
            assert db.execute("SELECT scope FROM settings").fetchall() == [(f"guild:{fake.guild_id}",)]
    finally:
        text = await settings_as(fake, fake.moderator, channel="everywhere")
    assert "every channel" in text
    await ask_by_mention(fake, "what is TaNK?", author=user)


async def test_settings_change_the_cooldown(fake, bot, user, quiet_channel):
    text = await settings_as(fake, fake.moderator, cooldown_questions=1, cooldown_seconds=600)
    assert "at most 1 question per person in 600 seconds" in text and "bot default" not in text
    try:
        await ask_by_mention(fake, "what is TaNK?", author=user)
        reply = await ask_by_mention(fake, "what is UCART19?", author=user)
        assert "faster than I can keep up" in embed_text(reply.json)
    finally:
        text = await settings_as(fake, fake.moderator, default_cooldown=True)
    assert "(the bot default)" in text
    reply = await ask_by_mention(fake, "what is UCART19?", author=user)
    assert "UCART19" in embed_text(reply.json)
