"""The fake Discord works with the real discord.py client (run in-process, over 127.0.0.1)."""

from __future__ import annotations

import asyncio
import contextlib
import re

import aiohttp
import discord
import pytest
import pytest_asyncio
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.testing.fake_discord import FakeDiscord

pytestmark = pytest.mark.asyncio

MESSAGES = r"/channels/\d+/messages"


@pytest_asyncio.fixture
async def fake_discord():
    async with FakeDiscord() as fake:
        yield fake


@contextlib.asynccontextmanager
async def running(fake: FakeDiscord, client: discord.Client, *, token: str | None = None):
    """Run ``client`` against ``fake`` until on_ready; close it (and restore discord.py's URLs) after."""
    saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = fake.api_base, yarl.URL(fake.gateway_url)
    task = asyncio.create_task(client.start(token or fake.token))
    try:
        ready = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            ready.cancel()
            task.result()  # raises what start() raised
        assert ready in done, "client never became ready"
        yield client
    finally:
        await client.close()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(task, 5)
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved


def make_client(intents: discord.Intents | None = None) -> discord.Client:
    """A client that answers mentions (and DMs) with "pong: <content>", pinging nobody."""
    intents = intents or discord.Intents.default()
    client = discord.Client(intents=intents, guild_ready_timeout=0.05)
    client.seen = []

    @client.event
    async def on_message(message: discord.Message) -> None:
        if message.author == client.user:
            return
        client.seen.append(message)
        if client.user in message.mentions or message.guild is None:
            await message.channel.send(
                f"pong: {message.content}", allowed_mentions=discord.AllowedMentions.none()
            )

    return client


async def test_login_ready_and_reply_to_a_mention(fake_discord: FakeDiscord):
    fake = fake_discord
    async with running(fake, make_client()) as client:
        assert client.user.id == fake.bot_user.id and client.user.name == "cellfacts"
        assert client.application_id == fake.application_id
        guild = client.get_guild(fake.guild_id)
        assert guild.get_channel(fake.channel_id).name == "ask-cellfacts"
        assert [r.path for r in fake.requests[:2]] == ["/users/@me", "/oauth2/applications/@me"]
        assert fake.gateway_queries[0] == {"v": "10", "encoding": "json", "compress": "zlib-stream"}

        # Without the message_content intent, only messages that mention the bot carry content.
        await fake.send_message_create("just chatting")
        msg = await fake.send_message_create(f"{fake.bot_user.mention} who was first?")
        reply = await fake.wait_for_request("POST", MESSAGES)
        assert reply.path == f"/channels/{fake.channel_id}/messages"
        assert reply.json["content"] == f"pong: <@{fake.bot_user.id}> who was first?"
        assert reply.json["allowed_mentions"] == {"parse": []}
        assert [m.content for m in client.seen] == ["", msg["content"]]
        assert client.seen[1].author.id == fake.member.id
        assert int(reply.response["id"]) in fake.messages


async def test_member_permissions_come_from_roles(fake_discord: FakeDiscord):
    fake = fake_discord
    async with running(fake, make_client()) as client:
        for user in (fake.moderator, fake.member):
            await fake.send_message_create(f"{fake.bot_user.mention} hi from {user.username}", author=user)
            await fake.wait_for_request(
                "POST", MESSAGES, predicate=lambda r, name=user.username: name in r.json["content"]
            )
        moderator, member = (m.author for m in client.seen)
        assert isinstance(moderator, discord.Member)
        assert moderator.guild_permissions.manage_guild and not member.guild_permissions.manage_guild
        assert [r.name for r in moderator.roles] == ["@everyone", "Moderators"]


async def test_direct_messages(fake_discord: FakeDiscord):
    fake = fake_discord
    async with running(fake, make_client()) as client:
        await fake.send_message_create("is it safe?", dm=True)  # DMs carry content without the intent
        reply = await fake.wait_for_request("POST", MESSAGES)
        assert reply.path == f"/channels/{fake.dm_channel_id(fake.member)}/messages"
        assert reply.json["content"] == "pong: is it safe?"
        assert isinstance(client.seen[0].channel, discord.DMChannel)

        assert client.get_user(fake.moderator.id) is None  # not cached: no members intent
        moderator = await client.fetch_user(fake.moderator.id)
        await moderator.send("hello")  # opens a DM channel first
        opened = await fake.wait_for_request("POST", r"/users/@me/channels")
        assert opened.json == {"recipient_id": fake.moderator.id}
        sent = await fake.wait_for_request("POST", MESSAGES, predicate=lambda r: r.json["content"] == "hello")
        assert sent.path == f"/channels/{fake.dm_channel_id(fake.moderator)}/messages"


async def test_slash_command_response_followup_and_edit(fake_discord: FakeDiscord):
    fake = fake_discord
    client = make_client()
    tree = app_commands.CommandTree(client)
    guild = discord.Object(fake.guild_id)
    answered = asyncio.Event()

    @tree.command(description="Ask a question", guild=guild)
    async def ask(interaction: discord.Interaction, question: str) -> None:
        assert interaction.user.guild_permissions.manage_guild is False
        callback = await interaction.response.send_message(f"answer to {question}", ephemeral=True)
        assert callback.message_id is not None and callback.resource.content == f"answer to {question}"
        await interaction.followup.send("more", allowed_mentions=discord.AllowedMentions.none())
        await interaction.edit_original_response(content="edited")
        answered.set()

    async with running(fake, client):
        synced = await tree.sync(guild=guild)
        assert [c.name for c in synced] == ["ask"]
        put = await fake.wait_for_request(
            "PUT", rf"/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
        )
        assert put.json[0]["options"][0]["name"] == "question"

        sent = await fake.send_slash_command("ask", {"question": "who was first?"})
        assert sent.payload["data"]["guild_id"] == str(fake.guild_id)
        callback = await fake.wait_for_interaction_response(sent)
        assert callback.query == {"with_response": "1"}
        assert callback.json == {
            "type": 4,
            "data": {"content": "answer to who was first?", "flags": 64, "tts": False},
        }
        followup = await fake.wait_for_request("POST", rf"/webhooks/{fake.application_id}/{sent.token}")
        assert followup.json["content"] == "more" and followup.query["wait"] == "1"
        edit = await fake.wait_for_request("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
        assert edit.json["content"] == "edited"
        await asyncio.wait_for(answered.wait(), 5)


async def test_component_click(fake_discord: FakeDiscord):
    fake = fake_discord
    client = make_client()
    clicked = asyncio.Event()

    class More(discord.ui.View):
        @discord.ui.button(label="Tell me more", custom_id="more")
        async def more(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
            await interaction.response.edit_message(content="here is more", view=None)
            clicked.set()

    @client.event
    async def on_message(message: discord.Message) -> None:
        if client.user in message.mentions:
            await message.channel.send("first answer", view=More())

    async with running(fake, client):
        await fake.send_message_create(f"{fake.bot_user.mention} tell me")
        posted = await fake.wait_for_request("POST", MESSAGES)
        assert posted.json["components"][0]["components"][0]["custom_id"] == "more"

        sent = await fake.send_component_click("more", message=posted.response, user=fake.moderator)
        callback = await fake.wait_for_interaction_response(sent)
        assert callback.json["type"] == 7 and callback.json["data"]["content"] == "here is more"
        await asyncio.wait_for(clicked.wait(), 5)
        assert fake.messages[int(posted.response["id"])]["content"] == "here is more"


@pytest.mark.parametrize("code", [4000, None], ids=["close-4000", "tcp-abort"])
async def test_gateway_drop_then_resume(fake_discord: FakeDiscord, code):
    fake = fake_discord
    async with running(fake, make_client()) as client:
        resumed = asyncio.Event()

        @client.event
        async def on_resumed() -> None:
            resumed.set()

        mark = len(fake.gateway_log)
        await fake.drop_gateway(code=code)
        resume = await fake.wait_for_gateway_op(6, since=mark)
        assert resume["d"]["session_id"] and resume["d"]["seq"] >= 2
        await asyncio.wait_for(resumed.wait(), 5)
        assert len(fake.gateway_queries) == 2  # no second IDENTIFY
        assert not [p for p in fake.gateway_log[mark:] if p["op"] == 2]

        await fake.send_message_create(f"{fake.bot_user.mention} still there?")
        reply = await fake.wait_for_request("POST", MESSAGES)
        assert reply.json["content"].endswith("still there?")


async def test_rate_limited_reply_arrives_exactly_once(fake_discord: FakeDiscord):
    fake = fake_discord
    async with running(fake, make_client()):
        fake.rate_limit_next("POST", MESSAGES, retry_after=0.3)
        await fake.send_message_create(f"{fake.bot_user.mention} busy?")
        await fake.wait_for_request("POST", MESSAGES, predicate=lambda r: r.status == 200)
        await asyncio.sleep(0.3)  # room for a (wrong) duplicate to show up
        posts = [r.status for r in fake.requests if r.method == "POST" and re.fullmatch(MESSAGES, r.path)]
        assert posts == [429, 200]


async def test_on_request_calls_back_for_each_call_once_answered(fake_discord: FakeDiscord):
    fake = fake_discord
    seen: list[tuple[str, int, bool]] = []
    fake.on_request(lambda r: seen.append((r.method, r.status, r in fake.requests)))
    async with running(fake, make_client()):
        fake.rate_limit_next("POST", MESSAGES, retry_after=0.2)
        await fake.send_message_create(f"{fake.bot_user.mention} anyone?")
        await fake.wait_for_request("POST", MESSAGES, predicate=lambda r: r.status == 200)
    assert len(seen) == len(fake.requests) and all(recorded for *_, recorded in seen)
    assert [status for method, status, _ in seen if method == "POST"] == [429, 200]


async def test_rate_limited_interaction_callback_is_retried(fake_discord: FakeDiscord):
    fake = fake_discord
    client = make_client()
    tree = app_commands.CommandTree(client)

    @tree.command(description="Ping")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong")

    async with running(fake, client):
        sent = await fake.send_slash_command("ping")  # global command, never synced: fine for the client
        fake.rate_limit_next("POST", re.escape(sent.callback_path), retry_after=0.2)
        callback = await fake.wait_for_interaction_response(sent)
        assert callback.json["data"]["content"] == "pong"
        assert [r.status for r in fake.requests if r.path == sent.callback_path] == [429, 200]


async def test_rejected_token_fails_login(fake_discord: FakeDiscord):
    fake = fake_discord
    fake.reject_token = True
    with pytest.raises(discord.LoginFailure):
        async with running(fake, make_client()):
            pass
    assert fake.requests[-1].status == 401 and fake.requests[-1].path == "/users/@me"


async def test_wrong_token_fails_login(fake_discord: FakeDiscord):
    with pytest.raises(discord.LoginFailure):
        async with running(fake_discord, make_client(), token="not-the-token"):
            pass


async def test_auto_sharded_client_asks_for_the_gateway(fake_discord: FakeDiscord):
    fake = fake_discord
    client = discord.AutoShardedClient(intents=discord.Intents.default(), guild_ready_timeout=0.05)
    async with running(fake, client):
        assert any(r.path == "/gateway/bot" for r in fake.requests)
        assert fake.gateway_log[-1]["op"] in (1, 2) and client.shard_count == 1
        identify = await fake.wait_for_gateway_op(2)
        assert identify["d"]["shard"] == [0, 1]


async def test_unknown_route_is_recorded_as_404(fake_discord: FakeDiscord):
    fake = fake_discord
    async with running(fake, make_client()) as client:
        with pytest.raises(discord.NotFound):
            await client.fetch_guild(fake.guild_id)
        assert fake.requests[-1].path == f"/guilds/{fake.guild_id}" and fake.requests[-1].status == 404


async def test_deferred_slash_command_then_edit(fake_discord: FakeDiscord):
    fake = fake_discord
    client = make_client()
    tree = app_commands.CommandTree(client)

    @tree.command(description="Slow answer")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="done")

    async with running(fake, client):
        sent = await fake.send_slash_command("slow", dm=True)
        callback = await fake.wait_for_interaction_response(sent)
        assert callback.json["type"] == 5 and callback.response["interaction"]["response_message_loading"]
        edit = await fake.wait_for_request("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
        assert edit.status == 200 and edit.response["content"] == "done" and edit.response["flags"] == 0


async def test_intents_decide_what_is_delivered(fake_discord: FakeDiscord):
    fake = fake_discord
    intents = discord.Intents.default()
    intents.message_content = True
    async with running(fake, make_client(intents=intents)) as client:
        delivered = await fake.send_message_create("no mention, but the bot may read it")
        assert delivered["content"] == "no mention, but the bot may read it"
        await fake.send_message_create(f"{fake.bot_user.mention} sync")
        await fake.wait_for_request("POST", MESSAGES)
        assert client.seen[0].content == "no mention, but the bot may read it"

    no_guild_messages = discord.Intents.default()
    no_guild_messages.guild_messages = False
    async with running(fake, make_client(intents=no_guild_messages)):
        assert await fake.send_message_create(f"{fake.bot_user.mention} hello?") is None
        assert await fake.send_message_create("a DM still arrives", dm=True) is not None
        reply = await fake.wait_for_request("POST", MESSAGES, since=len(fake.requests))
        assert reply.json["content"] == "pong: a DM still arrives"


async def test_gateway_frames_are_plain_text_without_compress(fake_discord: FakeDiscord):
    fake = fake_discord
    url = f"{fake.gateway_url}?v=10&encoding=json"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        hello = await ws.receive(timeout=5)
        assert hello.type is aiohttp.WSMsgType.TEXT and hello.json()["op"] == 10
        await ws.send_json({"op": 2, "d": {"token": fake.token, "intents": 513, "properties": {}}})
        ready = (await ws.receive(timeout=5)).json()
        guild = (await ws.receive(timeout=5)).json()
        assert (ready["t"], ready["s"], guild["t"], guild["s"]) == ("READY", 1, "GUILD_CREATE", 2)
        assert ready["d"]["resume_gateway_url"] == fake.gateway_url
        await ws.send_json({"op": 1, "d": 2})
        assert (await ws.receive(timeout=5)).json()["op"] == 11


async def test_reply_to_the_bot_pings_it(fake_discord: FakeDiscord):
    fake = fake_discord
    async with running(fake, make_client()) as client:
        await fake.send_message_create(f"{fake.bot_user.mention} first question")
        answer = await fake.wait_for_request("POST", MESSAGES)
        await fake.send_message_create("and the second?", reply_to=answer.response)
        reply = await fake.wait_for_request("POST", MESSAGES, predicate=lambda r: r is not answer)
        assert reply.json["content"] == "pong: and the second?"
        assert client.seen[1].reference.message_id == int(answer.response["id"])
