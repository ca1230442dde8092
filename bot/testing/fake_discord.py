"""A fake Discord (REST API + gateway) on 127.0.0.1, for testing the real discord.py client offline.

``FakeDiscord`` serves both halves of Discord from one aiohttp app on a random free port:

* REST under ``api_base`` (``http://127.0.0.1:PORT/api/v10``): every call is recorded as a
  ``RecordedRequest`` and answered from the small route table at the end of the class (login,
  messages, interaction callbacks and webhooks, application commands, DM channels). Any other
  route answers 404 ``{"message": "Unknown", "code": 0}``.
* The gateway at ``gateway_url`` (``ws://127.0.0.1:PORT/gateway``): HELLO, heartbeat ACKs,
  IDENTIFY -> READY + GUILD_CREATE, RESUME -> RESUMED, REQUEST_GUILD_MEMBERS -> one chunk.

The world: one guild with one text channel; roles @everyone, Moderators (Manage Guild) and the
bot's managed role; users ``bot_user`` ("cellfacts"), ``owner``, ``moderator`` (Manage Guild via
the Moderators role) and ``member`` (plain).

Point discord.py at it with ``discord.http.Route.BASE = fake.api_base`` and
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)`` (or, for the
bot process, the DISCORD_API_BASE and DISCORD_GATEWAY_URL settings).

Watch it with ``requests`` and the ``wait_for_*`` methods, or, to act on each REST call the
moment it arrives (a benchmark timing replies), register ``on_request(callback)``.

Like Discord, MESSAGE_CREATE honours the intents sent in IDENTIFY: without GUILD_MESSAGES (or
DIRECT_MESSAGES) there is no event; without MESSAGE_CONTENT, guild messages that do not mention
the bot arrive with empty content, embeds, attachments and components. Gateway frames are one
zlib stream when the client asks for ``compress=zlib-stream`` (discord.py's default unless the
``zstandard`` package is installed); otherwise they are plain JSON text frames, which discord.py
parses as they are (it only decompresses binary frames).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import secrets
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from aiohttp import BodyPartReader, WSMsgType, web

Json = dict[str, Any]
Answer = tuple[int, Any]  # a REST route's status and JSON body (None: no body)

# Permission and intent bits (https://discord.com/developers/docs/topics/permissions).
VIEW_CHANNEL, SEND_MESSAGES, READ_HISTORY, ADD_REACTIONS = 1 << 10, 1 << 11, 1 << 16, 1 << 6
EMBED_LINKS, ATTACH_FILES, USE_APP_COMMANDS = 1 << 14, 1 << 15, 1 << 31
ADMINISTRATOR, MANAGE_GUILD, MANAGE_MESSAGES = 1 << 3, 1 << 5, 1 << 13
ALL_PERMISSIONS = (1 << 53) - 1
EVERYONE_PERMS = VIEW_CHANNEL | SEND_MESSAGES | READ_HISTORY | ADD_REACTIONS | USE_APP_COMMANDS
MODERATOR_PERMS = EVERYONE_PERMS | MANAGE_GUILD | MANAGE_MESSAGES
BOT_PERMS = EVERYONE_PERMS | EMBED_LINKS | ATTACH_FILES
INTENT_GUILD_MESSAGES, INTENT_DIRECT_MESSAGES, INTENT_MESSAGE_CONTENT = 1 << 9, 1 << 12, 1 << 15

# Gateway opcodes.
DISPATCH, HEARTBEAT, IDENTIFY, RESUME, REQUEST_MEMBERS = 0, 1, 2, 6, 8
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11

DISCORD_EPOCH_MS = 1420070400000
API_PREFIX = re.compile(r"^/api(/v\d+)?")
JOINED_AT = "2024-01-01T00:00:00+00:00"
LOADING, EPHEMERAL = 128, 64  # message flags


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class FakeUser:
    """A Discord user; ``role_ids`` are their guild roles (``in_guild=False``: DM-only user)."""

    id: int
    username: str
    bot: bool = False
    role_ids: list[int] = field(default_factory=list)
    in_guild: bool = True

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> Json:
        return {
            "id": str(self.id), "username": self.username, "global_name": None,
            "discriminator": "0", "avatar": None, "bot": self.bot, "system": False,
            "public_flags": 0, "flags": 0, "banner": None, "accent_color": None,
            "avatar_decoration_data": None, "primary_guild": None, "collectibles": None,
        }  # fmt: skip


@dataclass
class RecordedRequest:
    """One REST call the client made, and what the fake answered."""

    method: str
    path: str  # without the /api/v10 prefix, e.g. "/channels/123/messages"
    query: dict[str, str]
    json: Any  # the JSON body (for multipart: the ``payload_json`` part), or None
    headers: dict[str, str]
    files: list[str] = field(default_factory=list)  # filenames of multipart file parts
    status: int = 0
    response: Any = None  # the JSON answered (None for 204)


@dataclass
class SentInteraction:
    """An INTERACTION_CREATE the fake dispatched; the bot answers at ``callback_path``."""

    id: int
    token: str
    payload: Json

    @property
    def callback_path(self) -> str:
        return f"/interactions/{self.id}/{self.token}/callback"


class _Connection:
    """One gateway websocket; frames are one zlib stream if the client asked for it."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request) -> None:
        self.ws, self.request = ws, request
        self.zlib = zlib.compressobj() if request.query.get("compress") == "zlib-stream" else None
        self.lock = asyncio.Lock()  # the zlib stream must be sent in the order it is made

    async def send(self, payload: Json) -> None:
        text = json.dumps(payload)
        async with self.lock:
            if self.ws.closed:
                return
            if self.zlib is None:
                await self.ws.send_str(text)
            else:
                data = self.zlib.compress(text.encode()) + self.zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)

    def abort(self) -> None:
        if self.request.transport is not None:
            self.request.transport.abort()


class FakeDiscord:
    """Fake Discord REST + gateway. ``await start()``/``await stop()``, or ``async with``."""

    def __init__(self, *, token: str = "fake-bot-token", heartbeat_interval_ms: int = 41250):
        self.token = token  # the only token accepted (as "Bot <token>" and in IDENTIFY)
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.reject_token = False  # True: bot-authenticated calls answer 401, IDENTIFY gets 4004
        self.requests: list[RecordedRequest] = []
        self.gateway_log: list[Json] = []  # every payload the client sent, heartbeats included
        self.gateway_queries: list[dict[str, str]] = []  # query string of each ws connection
        self.messages: dict[int, Json] = {}  # every message posted by anyone, by id
        self.commands: dict[int | None, list[Json]] = {}  # by guild id (None: global)
        self.intents = 0  # from the last IDENTIFY

        self._ids = itertools.count(1)
        self._request_callbacks: list[Callable[[RecordedRequest], None]] = []
        self._rate_limits: list[tuple[str, re.Pattern[str], float, bool]] = []
        self._interactions: dict[str, Json] = {}  # state of each interaction, by token
        self._dm_channels: dict[int, int] = {}  # user id -> DM channel id
        self._conn: _Connection | None = None  # the identified/resumed connection
        self._session_id: str | None = None
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self._port = 0

        self.application_id, self.guild_id, self.channel_id = (self.new_id() for _ in range(3))
        self.moderator_role_id, self.bot_role_id = self.new_id(), self.new_id()
        self.bot_user = FakeUser(self.application_id, "cellfacts", bot=True, role_ids=[self.bot_role_id])
        self.users: dict[int, FakeUser] = {self.bot_user.id: self.bot_user}
        self.owner = self.add_user("owner_olive")
        self.moderator = self.add_user("mod_morgan", roles=[self.moderator_role_id])
        self.member = self.add_user("relative_rosa")
        self.roles = [
            _role(self.guild_id, "@everyone", EVERYONE_PERMS, 0),
            _role(self.moderator_role_id, "Moderators", MODERATOR_PERMS, 1),
            _role(self.bot_role_id, "cellfacts", BOT_PERMS, 2, bot_id=self.bot_user.id),
        ]
        self.channels: dict[int, Json] = {
            self.channel_id: {
                "id": str(self.channel_id), "type": 0, "guild_id": str(self.guild_id),
                "name": "ask-cellfacts", "position": 0, "parent_id": None, "topic": None,
                "nsfw": False, "rate_limit_per_user": 0, "last_message_id": None,
                "permission_overwrites": [], "flags": 0,
            }
        }  # fmt: skip

    # ------------------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen on a random free port of 127.0.0.1 (and nowhere else)."""
        self._changed = asyncio.Condition()  # notified on every request / gateway payload
        self._live = asyncio.Event()  # set while a client is identified or resumed
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/{tail:.*}", self._rest)
        # No access log: every request is in ``requests``, and a bot in this process logs its own.
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        await self.drop_gateway(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        """For ``discord.http.Route.BASE`` (env DISCORD_API_BASE)."""
        return f"http://127.0.0.1:{self._port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """For ``DiscordWebSocket.DEFAULT_GATEWAY`` (env DISCORD_GATEWAY_URL)."""
        return f"ws://127.0.0.1:{self._port}/gateway"

    def on_request(self, callback: Callable[[RecordedRequest], None]) -> None:
        """Call ``callback(request)`` for every REST call as soon as it is recorded and answered
        (``status`` and ``response`` set), before the answer goes back to the client."""
        self._request_callbacks.append(callback)

    # ------------------------------------------------------------------------------ the world

    def new_id(self) -> int:
        """A fresh snowflake (of the current time, so ``created_at`` looks sane)."""
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (ms << 22) | (next(self._ids) & 0x3FFFFF)

    def add_user(self, name: str, *, roles: list[int] | None = None, in_guild: bool = True) -> FakeUser:
        """Add a user (a guild member unless ``in_guild=False``); do it before the bot connects."""
        user = FakeUser(self.new_id(), name, role_ids=list(roles or []), in_guild=in_guild)
        self.users[user.id] = user
        return user

    def permissions(self, user: FakeUser) -> int:
        """Guild-wide permissions of ``user``: @everyone's and their roles' (the owner: all)."""
        perms = 0
        for role in self.roles:
            if int(role["id"]) in (self.guild_id, *user.role_ids):
                perms |= int(role["permissions"])
        admin = user.id == self.owner.id or perms & ADMINISTRATOR
        return ALL_PERMISSIONS if admin else perms

    def member_payload(self, user: FakeUser, *, with_user: bool = True) -> Json:
        member = {
            "roles": [str(r) for r in user.role_ids], "nick": None, "avatar": None,
            "banner": None, "joined_at": JOINED_AT, "premium_since": None, "deaf": False,
            "mute": False, "pending": False, "flags": 0, "communication_disabled_until": None,
        }  # fmt: skip
        return {**member, "user": user.payload()} if with_user else member

    def guild_payload(self) -> Json:
        """The full guild, as sent in GUILD_CREATE."""
        members = [self.member_payload(u) for u in self.users.values() if u.in_guild]
        return {
            "id": str(self.guild_id), "name": "CAR-T Families", "icon": None, "splash": None,
            "discovery_splash": None, "banner": None, "description": None,
            "owner_id": str(self.owner.id), "afk_channel_id": None, "afk_timeout": 300,
            "verification_level": 1, "default_message_notifications": 1,
            "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0,
            "premium_subscription_count": 0, "preferred_locale": "en-US", "features": [],
            "system_channel_id": None, "system_channel_flags": 0, "rules_channel_id": None,
            "public_updates_channel_id": None, "safety_alerts_channel_id": None,
            "max_members": 500000, "max_video_channel_users": 25, "vanity_url_code": None,
            "premium_progress_bar_enabled": False, "application_id": None, "unavailable": False,
            "large": False, "joined_at": JOINED_AT, "lazy": True, "member_count": len(members),
            "roles": self.roles, "emojis": [], "stickers": [], "members": members,
            "channels": [c for c in self.channels.values() if "guild_id" in c],
            "presences": [], "voice_states": [], "threads": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [],
        }  # fmt: skip

    def dm_channel_id(self, user: FakeUser) -> int:
        """The DM channel between the bot and ``user`` (made on first use)."""
        if user.id not in self._dm_channels:
            channel_id = self._dm_channels[user.id] = self.new_id()
            self.channels[channel_id] = {
                "id": str(channel_id), "type": 1, "last_message_id": None, "flags": 0,
                "recipients": [user.payload()],
            }  # fmt: skip
        return self._dm_channels[user.id]

    def message_payload(self, author: FakeUser, channel_id: int, content: str, **extra: Any) -> Json:
        """A complete message object (``extra`` adds or overrides keys), stored in ``messages``."""
        msg: Json = {
            "id": str(self.new_id()), "channel_id": str(channel_id), "author": author.payload(),
            "content": content, "timestamp": _now(), "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "components": [], "reactions": [], "pinned": False, "type": 0,
            "flags": 0,
        }  # fmt: skip
        guild_id = self.channels.get(channel_id, {}).get("guild_id")
        if guild_id is not None:
            msg["guild_id"] = guild_id
            if author.in_guild:
                msg["member"] = self.member_payload(author, with_user=False)
        msg.update(extra)
        self.messages[int(msg["id"])] = msg
        return msg

    # ------------------------------------------------------------------------ events to the bot

    async def dispatch(self, event: str, data: Json, *, timeout: float = 10) -> None:
        """Send a DISPATCH event, first waiting (up to ``timeout``) for a connected client."""
        try:
            await asyncio.wait_for(self._live.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"no client on the fake gateway to receive {event}") from None
        await self._send_event(self._conn, event, data)

    async def send_message_create(
        self,
        content: str,
        *,
        author: FakeUser | None = None,
        channel_id: int | None = None,
        dm: bool = False,
        mentions: list[FakeUser] | None = None,
        reply_to: Json | None = None,
    ) -> Json | None:
        """``author`` (default: ``member``) posts ``content`` in the guild channel or, with
        ``dm=True``, in their DM with the bot.

        ``mentions`` defaults to the known users written ``<@id>`` in ``content``, plus the author
        of ``reply_to`` (replies ping by default). Returns the message as delivered, or None when
        the client's intents mean Discord would not deliver it.
        """
        author = author or self.member
        if channel_id is None:
            channel_id = self.dm_channel_id(author) if dm else self.channel_id
        in_guild = "guild_id" in self.channels[channel_id]
        if mentions is None:
            ids = [int(i) for i in re.findall(r"<@!?(\d+)>", content)]
            mentions = [self.users[i] for i in dict.fromkeys(ids) if i in self.users]
        extra: Json = {}
        if reply_to is not None:
            replied = self.users.get(int(reply_to["author"]["id"]))
            if replied is not None and replied not in mentions:
                mentions = [*mentions, replied]
            extra["type"] = 19  # REPLY
            extra["referenced_message"] = reply_to
            extra["message_reference"] = {
                "type": 0, "message_id": reply_to["id"], "channel_id": reply_to["channel_id"],
                "guild_id": reply_to.get("guild_id"),
            }  # fmt: skip
        extra["mentions"] = [
            {**u.payload(), "member": self.member_payload(u, with_user=False)}
            if in_guild and u.in_guild
            else u.payload()
            for u in mentions
        ]
        msg = self.message_payload(author, channel_id, content, **extra)

        if not self.intents & (INTENT_GUILD_MESSAGES if in_guild else INTENT_DIRECT_MESSAGES):
            return None
        delivered = dict(msg)
        mentions_bot = self.bot_user in mentions
        if in_guild and not mentions_bot and not self.intents & INTENT_MESSAGE_CONTENT:
            delivered.update(content="", embeds=[], attachments=[], components=[])
        await self.dispatch("MESSAGE_CREATE", delivered)
        return delivered

    async def send_slash_command(
        self,
        name: str,
        options: dict[str, Any] | list[Json] | None = None,
        *,
        user: FakeUser | None = None,
        channel_id: int | None = None,
        dm: bool = False,
        locale: str = "en-US",
    ) -> SentInteraction:
        """``user`` (default: ``member``) runs ``/name``; ``options`` is ``{name: value}`` (option
        types inferred from the values) or Discord's own list of option objects.

        If the bot registered ``name`` (PUT .../commands), its id is used, and for a guild command
        ``data.guild_id`` is set, as Discord does (discord.py's CommandTree looks it up there).
        """
        if isinstance(options, dict):
            kinds = {str: 3, int: 4, bool: 5, float: 10}
            options = [{"name": k, "type": kinds[type(v)], "value": v} for k, v in options.items()]
        data: Json = {"id": str(self.new_id()), "name": name, "type": 1, "options": options or []}
        for scope in [None] if dm else [self.guild_id, None]:
            command = next((c for c in self.commands.get(scope, []) if c["name"] == name), None)
            if command is not None:
                data["id"] = command["id"]
                if scope is not None:
                    data["guild_id"] = str(scope)
                break
        return await self._send_interaction(2, data, user, channel_id, dm, locale)

    async def send_message_command(
        self, name: str, target: Json, *, user: FakeUser | None = None, locale: str = "en-US"
    ) -> SentInteraction:
        """``user`` (default: ``member``) picks the message context-menu command ``name`` (Apps →
        name) on ``target`` (a message object): an APPLICATION_COMMAND of type 3 (MESSAGE), with
        the message in ``data.resolved.messages``, as Discord sends it (with its content)."""
        data: Json = {
            "id": str(self.new_id()), "name": name, "type": 3, "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }  # fmt: skip
        command = next((c for c in self.commands.get(None, []) if c["name"] == name), None)
        if command is not None:
            data["id"] = command["id"]
        channel_id = int(target["channel_id"])
        dm = "guild_id" not in self.channels[channel_id]
        return await self._send_interaction(2, data, user, channel_id, dm, locale)

    async def send_autocomplete(
        self, name: str, option: str, typed: str, *, user: FakeUser | None = None, dm: bool = False
    ) -> SentInteraction:
        """``user`` (default: ``member``) is typing ``typed`` into the ``option`` of ``/name``: an
        APPLICATION_COMMAND_AUTOCOMPLETE interaction (the bot answers with callback type 8)."""
        data: Json = {"id": str(self.new_id()), "name": name, "type": 1,
                      "options": [{"name": option, "type": 3, "value": typed, "focused": True}]}  # fmt: skip
        command = next((c for c in self.commands.get(None, []) if c["name"] == name), None)
        if command is not None:
            data["id"] = command["id"]
        return await self._send_interaction(4, data, user, None, dm, "en-US")

    async def send_component_click(
        self,
        custom_id: str,
        *,
        message: Json,
        user: FakeUser | None = None,
        component_type: int = 2,
        values: list[str] | None = None,
        locale: str = "en-US",
    ) -> SentInteraction:
        """``user`` (default: ``member``) clicks the button ``custom_id`` on ``message`` (a message
        object, e.g. ``request.response`` of the bot's POST), or picks ``values`` in a select menu
        (``component_type=3``)."""
        data: Json = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        channel_id = int(message["channel_id"])
        dm = "guild_id" not in self.channels[channel_id]
        return await self._send_interaction(3, data, user, channel_id, dm, locale, message=message)

    async def _send_interaction(
        self, kind: int, data: Json, user: FakeUser | None, channel_id: int | None, dm: bool,
        locale: str, message: Json | None = None,
    ) -> SentInteraction:  # fmt: skip
        user = user or self.member
        if channel_id is None:
            channel_id = self.dm_channel_id(user) if dm else self.channel_id
        interaction_id, token = self.new_id(), "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(24)
        payload: Json = {
            "id": str(interaction_id), "application_id": str(self.application_id), "type": kind,
            "data": data, "channel_id": str(channel_id), "channel": self.channels[channel_id],
            "token": token, "version": 1, "locale": locale, "entitlements": [],
            "app_permissions": str(BOT_PERMS), "attachment_size_limit": 10 * 1024 * 1024,
        }  # fmt: skip
        if message is not None:
            payload["message"] = message
        if dm:
            payload.update(user=user.payload(), context=1)
            payload["authorizing_integration_owners"] = {"0": "0"}
        else:
            member = {**self.member_payload(user), "permissions": str(self.permissions(user))}
            payload.update(member=member, context=0, guild_locale="en-US")
            payload.update(guild_id=str(self.guild_id), guild={"id": str(self.guild_id)})
            payload["authorizing_integration_owners"] = {"0": str(self.guild_id)}
        self._interactions[token] = {
            "id": interaction_id, "kind": kind, "channel_id": channel_id, "responded": False,
            "message_id": int(message["id"]) if message else None, "original": None,
        }  # fmt: skip
        await self.dispatch("INTERACTION_CREATE", payload)
        return SentInteraction(interaction_id, token, payload)

    # ---------------------------------------------------------------------------------- faults

    def rate_limit_next(
        self, method: str, path_regex: str, retry_after: float = 0.5, *, is_global: bool = False
    ) -> None:
        """The next request matching ``method`` and ``path_regex`` (fullmatch) gets one 429."""
        self._rate_limits.append((method.upper(), re.compile(path_regex), retry_after, is_global))

    async def drop_gateway(self, code: int | None = 4000) -> None:
        """Close the client's websocket with ``code`` (4000: a resumable error), or with
        ``code=None`` abort the TCP connection with no close frame at all."""
        conn, self._conn = self._conn, None
        self._live.clear()
        if conn is None:
            return
        if code is None:
            conn.abort()
            return
        try:
            await asyncio.wait_for(conn.ws.close(code=code), timeout=2)
        except TimeoutError:
            conn.abort()

    # --------------------------------------------------------------------------------- waiting

    async def wait_for_request(
        self,
        method: str,
        path_regex: str,
        *,
        timeout: float = 10,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        since: int = 0,
    ) -> RecordedRequest:
        """The first of ``requests[since:]`` (already received or still to come) with this
        method, a path matching ``path_regex`` (fullmatch) and ``predicate`` true."""
        pattern = re.compile(path_regex)

        def find() -> RecordedRequest | None:
            for r in self.requests[since:]:
                matches = r.method == method.upper() and pattern.fullmatch(r.path)
                if matches and (predicate is None or predicate(r)):
                    return r
            return None

        found: RecordedRequest = await self._wait(find, timeout, f"{method} {path_regex}")
        return found

    async def wait_for_interaction_response(
        self, interaction: SentInteraction, *, timeout: float = 10
    ) -> RecordedRequest:
        """The bot's successful (200) callback POST for ``interaction``."""
        path = re.escape(interaction.callback_path)
        return await self.wait_for_request("POST", path, timeout=timeout, predicate=lambda r: r.status == 200)

    async def wait_for_gateway_op(self, op: int, *, timeout: float = 10, since: int = 0) -> Json:
        """The first of ``gateway_log[since:]`` with opcode ``op`` (2: IDENTIFY, 6: RESUME...)."""

        def find() -> Json | None:
            return next((p for p in self.gateway_log[since:] if p.get("op") == op), None)

        payload: Json = await self._wait(find, timeout, f"gateway op {op}")
        return payload

    async def wait_until_connected(self, *, timeout: float = 10) -> None:
        """Until a client has identified (READY and GUILD_CREATE sent) or resumed."""
        await asyncio.wait_for(self._live.wait(), timeout)

    async def _wait(self, find: Callable[[], Any], timeout: float, what: str) -> Any:
        async with self._changed:
            try:
                return await asyncio.wait_for(self._changed.wait_for(find), timeout)
            except TimeoutError:
                seen = "".join(f"\n  {r.method} {r.path} -> {r.status}" for r in self.requests)
                raise TimeoutError(f"timed out waiting for {what}; requests so far:{seen}") from None

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --------------------------------------------------------------------------------- gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = _Connection(ws, request)
        self.gateway_queries.append(dict(request.query))
        if request.query.get("encoding", "json") != "json":
            await ws.close(code=4002, message=b"This fake only speaks encoding=json")
            return ws
        hello = {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake-discord"]}
        await conn.send({"op": HELLO, "d": hello, "s": None, "t": None})
        async for msg in ws:
            if msg.type is WSMsgType.TEXT:
                payload = json.loads(msg.data)
                self.gateway_log.append(payload)
                await self._on_gateway_payload(conn, payload["op"], payload.get("d"))
                await self._notify()
        if self._conn is conn:
            self._conn = None
            self._live.clear()
        return ws

    async def _on_gateway_payload(self, conn: _Connection, op: int, d: Any) -> None:
        if op == HEARTBEAT:
            await conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op in (IDENTIFY, RESUME) and (self.reject_token or d["token"] != self.token):
            await conn.ws.close(code=4004, message=b"Authentication failed.")
        elif op == IDENTIFY:
            self._conn, self._session_id, self._seq = conn, secrets.token_hex(16), 0
            self.intents = d.get("intents", 0)
            me = {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "email": None}
            ready = {
                "v": 10, "user": me, "session_id": self._session_id, "session_type": "normal",
                "resume_gateway_url": self.gateway_url,
                "guilds": [{"id": str(self.guild_id), "unavailable": True}],
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [], "relationships": [], "presences": [],
                "guild_join_requests": [], "geo_ordered_rtc_regions": [], "_trace": ["fake"],
            }  # fmt: skip
            if "shard" in d:
                ready["shard"] = d["shard"]
            await self._send_event(conn, "READY", ready)
            await self._send_event(conn, "GUILD_CREATE", self.guild_payload())
            self._live.set()
        elif op == RESUME and d["session_id"] != self._session_id:
            await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
        elif op == RESUME:
            self._conn = conn
            await self._send_event(conn, "RESUMED", {"_trace": ["fake"]})  # nothing replayed
            self._live.set()
        elif op == REQUEST_MEMBERS:
            members = [self.member_payload(u) for u in self.users.values() if u.in_guild]
            chunk = {"guild_id": d["guild_id"], "members": members, "not_found": []}
            chunk.update(chunk_index=0, chunk_count=1, nonce=d.get("nonce"))
            await self._send_event(conn, "GUILD_MEMBERS_CHUNK", chunk)

    async def _send_event(self, conn: _Connection | None, event: str, data: Json) -> None:
        if conn is None:
            raise ConnectionError(f"the gateway connection dropped before {event} was sent")
        self._seq += 1
        await conn.send({"op": DISPATCH, "t": event, "s": self._seq, "d": data})

    # ------------------------------------------------------------------------------------ REST

    async def _rest(self, request: web.Request) -> web.Response:
        path = API_PREFIX.sub("", request.path)
        req = RecordedRequest(request.method, path, dict(request.query), None, dict(request.headers))
        if request.content_type.startswith("multipart/"):
            async for part in await request.multipart():
                if not isinstance(part, BodyPartReader):  # a nested multipart: Discord sends none
                    continue
                if part.name == "payload_json":
                    req.json = json.loads(await part.text())
                else:
                    req.files.append(part.filename or part.name or "")
                    await part.read()
        elif request.can_read_body:
            text = await request.text()
            req.json = json.loads(text) if text else None

        headers: dict[str, str] = {}
        limit = next((r for r in self._rate_limits if r[0] == req.method and r[1].fullmatch(path)), None)
        if limit is not None:
            self._rate_limits.remove(limit)
            req.status, headers, req.response = 429, *_rate_limited(*limit[2:])
        else:
            try:
                req.status, req.response = self._route(req)
            except Exception as exc:  # a bug in the fake: make it visible to the test
                req.status, req.response = 500, {"message": f"fake_discord: {exc!r}", "code": 0}
        self.requests.append(req)
        for callback in self._request_callbacks:
            callback(req)
        await self._notify()
        if req.response is None:
            return web.Response(status=req.status, headers=headers)
        # Exactly "application/json": discord.py compares the header verbatim (no "; charset").
        headers["Content-Type"] = "application/json"
        return web.Response(status=req.status, body=json.dumps(req.response).encode(), headers=headers)

    def _route(self, req: RecordedRequest) -> tuple[int, Any]:
        bot_auth = not req.path.startswith(("/interactions/", "/webhooks/"))  # these use the token
        if bot_auth and (self.reject_token or req.headers.get("Authorization") != f"Bot {self.token}"):
            return 401, {"message": "401: Unauthorized", "code": 0}
        for methods, pattern, handler in self._ROUTES:
            match = re.fullmatch(pattern, req.path)
            if match and req.method in methods.split():
                return handler(self, req, *match.groups())
        return 404, {"message": "Unknown", "code": 0}

    def _get_me(self, req: RecordedRequest) -> Answer:
        return 200, {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "email": None}

    def _get_user(self, req: RecordedRequest, user_id: str) -> Answer:
        user = self.users.get(int(user_id))
        return (200, user.payload()) if user else (404, {"message": "Unknown User", "code": 10013})

    def _get_application(self, req: RecordedRequest) -> Answer:
        return 200, {
            "id": str(self.application_id), "name": "cellfacts", "icon": None, "description": "",
            "rpc_origins": [], "bot_public": False, "bot_require_code_grant": False,
            "owner": self.owner.payload(), "summary": "", "verify_key": "0" * 64, "team": None,
            "flags": 0, "bot": self.bot_user.payload(), "interactions_endpoint_url": None,
            "redirect_uris": [], "tags": [], "approximate_guild_count": 1,
        }  # fmt: skip

    def _get_gateway(self, req: RecordedRequest) -> Answer:
        limits = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        if req.path == "/gateway":
            return 200, {"url": self.gateway_url}
        return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit": limits}

    def _get_channel(self, req: RecordedRequest, channel_id: str) -> Answer:
        channel = self.channels.get(int(channel_id))
        return (200, channel) if channel else (404, {"message": "Unknown Channel", "code": 10003})

    def _create_dm(self, req: RecordedRequest) -> Answer:
        user = self.users.get(int(req.json["recipient_id"]))
        if user is None:
            return 400, {"message": "Invalid Recipient(s)", "code": 50033}
        return 200, self.channels[self.dm_channel_id(user)]

    def _bot_message(self, channel_id: int, body: Json, **extra: Any) -> Json:
        """The message the bot creates by sending ``body`` (the JSON of its request)."""
        keys = ("content", "embeds", "components", "flags", "tts", "message_reference")
        fields = {k: body[k] for k in keys if body.get(k) is not None}
        return self.message_payload(self.bot_user, channel_id, **{"content": "", **fields, **extra})

    def _post_message(self, req: RecordedRequest, channel_id: str) -> Answer:
        if int(channel_id) not in self.channels:
            return 404, {"message": "Unknown Channel", "code": 10003}
        return 200, self._bot_message(int(channel_id), req.json or {})

    def _message(self, method: str, msg_id: int | None, body: Json | None, **changes: Any) -> Answer:
        """GET, PATCH (with ``body``, the request JSON, and ``changes``) or DELETE a message."""
        msg = self.messages.get(msg_id or 0)
        if msg is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        if method == "DELETE":
            del self.messages[int(msg["id"])]
            return 204, None
        if method == "PATCH":
            fields = {k: v for k, v in (body or {}).items() if k != "allowed_mentions"}
            msg.update(fields, edited_timestamp=_now(), **changes)
        return 200, msg

    def _channel_message(self, req: RecordedRequest, channel_id: str, message_id: str) -> Answer:
        in_channel = self.messages.get(int(message_id), {}).get("channel_id") == channel_id
        return self._message(req.method, int(message_id) if in_channel else None, req.json)

    def _no_content(self, req: RecordedRequest, *_: str) -> Answer:
        return 204, None

    def _interaction_callback(self, req: RecordedRequest, interaction_id: str, token: str) -> Answer:
        state = self._interactions.get(token)
        if state is None or state["id"] != int(interaction_id):
            return 404, {"message": "Unknown interaction", "code": 10062}
        if state["responded"]:
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
        state["responded"] = True
        kind, data = req.json["type"], req.json.get("data") or {}
        flags = data.get("flags", 0)
        callback = {
            "id": interaction_id, "type": state["kind"], "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & EPHEMERAL),
        }  # fmt: skip
        resource: Json = {"type": kind}
        if kind in (4, 5):  # a new message (5: the "thinking..." placeholder)
            msg = self._bot_message(
                state["channel_id"], data, type=20 if state["kind"] == 2 else 0,
                webhook_id=str(self.application_id), application_id=str(self.application_id),
                flags=flags | (LOADING if kind == 5 else 0),
            )  # fmt: skip
            state["original"] = int(msg["id"])
            resource["message"] = msg
        elif kind in (6, 7) and state["message_id"] in self.messages:  # the clicked message
            state["original"] = state["message_id"]
            if kind == 7:
                resource["message"] = self._message("PATCH", state["message_id"], data)[1]
        if "message" in resource:
            callback["response_message_id"] = resource["message"]["id"]
        return 200, {"interaction": callback, "resource": resource}

    def _webhook(self, app_id: str, token: str) -> Json | None:
        ok = int(app_id) == self.application_id and token in self._interactions
        return self._interactions[token] if ok else None

    def _original(self, req: RecordedRequest, app_id: str, token: str) -> Answer:
        state = self._webhook(app_id, token)
        original = state["original"] if state else None
        if original is not None and req.method == "PATCH":  # an edit ends "thinking..."
            flags = self.messages.get(original, {}).get("flags", 0) & ~LOADING
            return self._message(req.method, original, req.json, flags=flags)
        return self._message(req.method, original, req.json)

    def _followup(self, req: RecordedRequest, app_id: str, token: str) -> Answer:
        state = self._webhook(app_id, token)
        if state is None:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        webhook_id = str(self.application_id)
        return 200, self._bot_message(state["channel_id"], req.json or {}, webhook_id=webhook_id)

    def _followup_message(self, req: RecordedRequest, app_id: str, token: str, message_id: str) -> Answer:
        msg_id = int(message_id) if self._webhook(app_id, token) else None
        return self._message(req.method, msg_id, req.json)

    def _commands(self, req: RecordedRequest, app_id: str, guild_id: str | None = None) -> Answer:
        if int(app_id) != self.application_id:
            return 403, {"message": "Missing Access", "code": 50001}
        scope = int(guild_id) if guild_id else None
        if req.method == "PUT":  # bulk overwrite, as CommandTree.sync() does
            defaults = {
                "application_id": str(self.application_id), "type": 1, "description": "",
                "options": [], "default_member_permissions": None, "nsfw": False,
            }  # fmt: skip
            if scope is not None:
                defaults["guild_id"] = str(scope)
            self.commands[scope] = [
                {**defaults, **command, "id": str(self.new_id()), "version": str(self.new_id())}
                for command in req.json or []
            ]
        return 200, self.commands.get(scope, [])

    _ROUTES: ClassVar[list[tuple[str, str, Callable[..., Answer]]]] = [
        ("GET", r"/users/@me", _get_me),
        ("GET", r"/users/(\d+)", _get_user),
        ("GET", r"/oauth2/applications/@me", _get_application),
        ("GET", r"/gateway(?:/bot)?", _get_gateway),
        ("POST", r"/users/@me/channels", _create_dm),
        ("GET", r"/channels/(\d+)", _get_channel),
        ("POST", r"/channels/(\d+)/messages", _post_message),
        ("GET PATCH DELETE", r"/channels/(\d+)/messages/(\d+)", _channel_message),
        ("POST", r"/channels/(\d+)/typing", _no_content),
        ("PUT DELETE", r"/channels/(\d+)/messages/(\d+)/reactions/([^/]+)/@me", _no_content),
        ("POST", r"/interactions/(\d+)/([^/]+)/callback", _interaction_callback),
        ("GET PATCH DELETE", r"/webhooks/(\d+)/([^/]+)/messages/@original", _original),
        ("POST", r"/webhooks/(\d+)/([^/]+)", _followup),
        ("GET PATCH DELETE", r"/webhooks/(\d+)/([^/]+)/messages/(\d+)", _followup_message),
        ("GET PUT", r"/applications/(\d+)/commands", _commands),
        ("GET PUT", r"/applications/(\d+)/guilds/(\d+)/commands", _commands),
    ]


def _role(role_id: int, name: str, perms: int, position: int, *, bot_id: int | None = None) -> Json:
    role = {
        "id": str(role_id), "name": name, "permissions": str(perms), "position": position,
        "color": 0, "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False, "icon": None, "unicode_emoji": None, "managed": bot_id is not None,
        "mentionable": False, "flags": 0,
    }  # fmt: skip
    if bot_id is not None:
        role["tags"] = {"bot_id": str(bot_id)}
    return role


def _rate_limited(retry_after: float, is_global: bool) -> tuple[dict[str, str], Json]:
    """Headers and body of a 429. discord.py treats a 429 without ``Via`` as a Cloudflare ban."""
    headers = {
        "Via": "1.1 google", "Retry-After": str(max(1, round(retry_after))),
        "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
        "X-RateLimit-Reset-After": f"{retry_after:.3f}", "X-RateLimit-Bucket": "fake-bucket",
        "X-RateLimit-Scope": "global" if is_global else "user",
    }  # fmt: skip
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
    return headers, body
