"""The Discord client: where people ask (mentions, DMs, /ask, buttons) and how the bot answers.

`CellfactsClient` is a plain `discord.Client`; `ShardedCellfactsClient` the same bot as an
`AutoShardedClient`, for SHARD_COUNT / SHARD_IDS. Both get their behaviour from `CellfactsBase`.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import discord

from bot.discord import layout
from bot.discord.buttons import (
    EXPIRED,
    AnswerView,
    ChoiceButton,
    Click,
    DeleteButton,
    Expiry,
    FeedbackButton,
    PagerButton,
    QuoteButton,
)
from bot.discord.commands import NOT_A_MODERATOR, command_tree, is_moderator, sync_commands, unanswered_page
from bot.discord.respond import NO_MENTIONS, cooldown_note, message_kwargs, respond, send_answer
from bot.discord.service import ALREADY, THANKS, TOO_OLD, Service
from bot.discord.stall import StallWatch
from bot.health import HEARTBEAT_EVERY, clear_heartbeat, heartbeat_name, write_heartbeat
from bot.logs import pseudonym
from bot.settings import Settings

log = logging.getLogger("cellfacts.discord")
NOT_YOURS = "Only the person who asked, or a moderator, can delete this answer."
FEEDBACK_NOTES = {
    THANKS: "Thank you. The moderators see this, to make the answers better.",
    ALREADY: "You have already told us about this answer. Thank you.",
    TOO_OLD: "Thank you. This answer is too old to take feedback on now; please ask again.",
}


def intents_for(settings: Settings) -> discord.Intents:
    """The default (unprivileged) intents; Message Content only if asked for."""
    intents = discord.Intents.default()
    intents.members = intents.presences = False
    intents.message_content = settings.message_content
    return intents


class CellfactsBase(discord.Client):
    """Everything the bot does on Discord. ``sync_only``: log in, register the commands, nothing else."""

    def __init__(
        self, settings: Settings, service: Service | None, *, sync_only: bool = False, **options: Any
    ) -> None:
        super().__init__(intents=intents_for(settings), allowed_mentions=NO_MENTIONS, **options)
        self.settings = settings
        self._service = service
        self.sync_only = sync_only
        self.expiry = Expiry(settings.buttons_expire_seconds)
        self.tree = command_tree(self, service, settings.moderator_role_ids, self.expiry)
        self._heartbeat: asyncio.Task[None] | None = None
        self.stalls = StallWatch()
        self.heartbeat_file = heartbeat_name(settings.shard_ids)
        self._heartbeat_failing = bool(service and service.storage_problem)  # warned about at start

    @property
    def service(self) -> Service:
        assert self._service is not None, "no content loaded (sync-only client)"
        return self._service

    # -- lifecycle --------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        """After login, before the gateway: buttons, commands (synced only if changed), heartbeat."""
        self.add_dynamic_items(ChoiceButton, QuoteButton, FeedbackButton, PagerButton, DeleteButton)
        try:
            await sync_commands(
                self.tree, self.settings.data_dir, force=self.sync_only, storage_known=self._heartbeat_failing
            )
        except discord.HTTPException as exc:
            if self.sync_only:
                raise
            log.warning("could not sync the slash commands (the old ones stay): %s", exc)
        if not self.sync_only:
            self._heartbeat = asyncio.create_task(self._beat(), name="cellfacts-heartbeat")
            self.stalls.start()

    def gateway_open(self) -> bool:
        """Connected to the gateway (every shard this process runs, when sharded)."""
        if not self.is_ready() or self.is_closed():
            return False
        if isinstance(self, discord.AutoShardedClient):
            shards = list(self.shards.values())
            return bool(shards) and not any(s.is_closed() for s in shards)
        ws = self.ws
        return ws is not None and ws.open

    def write_heartbeat(self) -> None:
        if not self.gateway_open():
            return
        try:
            write_heartbeat(
                self.settings.data_dir, self.heartbeat_file, pid=os.getpid(), guilds=len(self.guilds)
            )
        except OSError as exc:  # once, not every 20 s; answering goes on
            if not self._heartbeat_failing:
                log.warning(
                    "cannot write the heartbeat in DATA_DIR %s (%s); still answering, but the health "
                    "check will report this", self.settings.data_dir, exc.strerror or exc,
                )  # fmt: skip
            self._heartbeat_failing = True
            return
        if self._heartbeat_failing:
            log.info("the heartbeat is being written again")
            self._heartbeat_failing = False

    async def _beat(self) -> None:
        while not self.is_closed():
            self.write_heartbeat()
            await asyncio.sleep(HEARTBEAT_EVERY)

    async def close(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        await self.expiry.close()
        if not self.sync_only:
            if self.stalls.stop():
                stall_ms = round(self.stalls.largest * 1000, 1)
                log.info(
                    "largest event-loop stall since login: %.1f ms", stall_ms, extra={"stall_ms": stall_ms}
                )
            clear_heartbeat(self.settings.data_dir, self.heartbeat_file)
        await super().close()

    async def on_ready(self) -> None:
        shards = getattr(self, "shard_ids", None)
        log.info(
            "connected to Discord",
            extra={
                "bot": pseudonym(self.user.id if self.user else None),
                "guilds": len(self.guilds),
                "shards": shards,
            },
        )
        self.write_heartbeat()

    async def on_resumed(self) -> None:
        log.info("gateway session resumed")
        self.write_heartbeat()

    async def on_disconnect(self) -> None:
        if not self.is_closed():
            log.info("gateway connection lost; reconnecting")

    # -- where people ask -------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        me = self.user
        if me is None or message.author.bot or message.author.id == me.id:
            return
        if message.guild is None:
            via = "dm"
        elif any(u.id == me.id for u in message.mentions):
            via = "mention"
        elif self.settings.message_content and self._replies_to_me(message):
            via = "reply"
        else:
            return
        guild_id = message.guild.id if message.guild is not None else None
        if not self.service.answers_in(
            guild_id, message.channel.id, getattr(message.channel, "parent_id", None)
        ):
            return  # the server's moderators chose other channels (/settings)
        answer = self.service.ask(message.content, message.author.id, message.channel.id, via, guild_id)
        if answer.reply is None:
            if self.service.cooldown.may_note(message.author.id):
                await self._send(message, content=cooldown_note(answer.wait))
            return
        kwargs = message_kwargs(
            answer.reply,
            self._can_embed(message),
            message.author.id,
            bot_name=me.name,
            feedback=answer.feedback,
        )
        sent = await self._send(message, **kwargs)
        if sent is not None:

            async def grey_out(view: AnswerView) -> object:
                return await sent.edit(view=view)

            self.expiry.watch(sent.id, kwargs.get("view"), grey_out)

    def _replies_to_me(self, message: discord.Message) -> bool:
        ref = message.reference
        resolved = ref.resolved if ref is not None else None
        return (
            isinstance(resolved, discord.Message)
            and self.user is not None
            and resolved.author.id == self.user.id
        )

    @staticmethod
    def _can_embed(message: discord.Message) -> bool:
        if message.guild is None:
            return True
        me = message.guild.me
        return me is not None and message.channel.permissions_for(me).embed_links

    async def _send(self, message: discord.Message, **kwargs: Any) -> discord.Message | None:
        """Reply to ``message`` (in a DM: just send); a refusal by Discord is logged, not raised."""
        kwargs.setdefault("allowed_mentions", NO_MENTIONS)
        try:
            if message.guild is None:
                return await message.channel.send(**kwargs)
            reference = message.to_reference(fail_if_not_exists=False)
            return await message.channel.send(reference=reference, **kwargs)
        except discord.HTTPException as exc:
            log.warning("could not reply: %s %s (code %s)", exc.status, exc.text[:200], exc.code)
            return None

    # -- buttons ------------------------------------------------------------------------------

    async def answer_choice(self, interaction: discord.Interaction, click: Click) -> None:
        """A button click: the chosen question, for the clicker's own conversation. The asker's
        click edits the message where it completes the question (or answers beside it); anyone
        else's click is answered for them alone, as is a click on a private message."""
        message = interaction.message
        if self.expiry.expired(message):
            await respond(interaction, EXPIRED, ephemeral=True)
            return
        answer = self.service.choose(
            click.intent, click.therapy, interaction.user.id, interaction.channel_id, interaction.guild_id
        )
        own = click.asker is not None and click.asker == interaction.user.id
        private = message is not None and message.flags.ephemeral
        await send_answer(
            interaction,
            answer,
            ephemeral=private or not own,
            expiry=self.expiry,
            edit=own and click.edit and answer.reply is not None,
        )

    async def show_quotes(self, interaction: discord.Interaction, keys: tuple[str, ...]) -> None:
        """ "Show the quote": each fact's verbatim quote and its article, for the clicker only."""
        quoted, notice = self.service.quotes(keys)
        await respond(interaction, layout.quotes_text(quoted, notice), ephemeral=True, embed=True)

    async def take_feedback(self, interaction: discord.Interaction, token: str, helpful: bool) -> None:
        """👍/👎: kept with the question (never who clicked); the clicker alone is thanked."""
        outcome = self.service.feedback(token, helpful, interaction.user.id)
        await respond(interaction, FEEDBACK_NOTES[outcome], ephemeral=True)

    async def unanswered_page(self, interaction: discord.Interaction, page: int, resolve: int | None) -> None:
        """/unanswered's buttons, for moderators only: mark a group resolved, turn the page."""
        if not is_moderator(interaction, self.settings.moderator_role_ids):
            await respond(interaction, NOT_A_MODERATOR, ephemeral=True)
            return
        note = ""
        if resolve is not None:
            group = self.service.unanswered.resolve(interaction.guild_id, resolve)
            note = (
                f"Marked resolved: {group.count}× “{discord.utils.escape_markdown(group.text[:120])}”."
                if group is not None
                else "That group was already resolved."
            )
            log.info("unanswered group resolved", extra={"questions": group.count if group else 0})
        text, view = unanswered_page(self.service, interaction.guild_id, page, note)
        await interaction.response.edit_message(
            content=layout.plain_text(text), view=view, allowed_mentions=NO_MENTIONS
        )

    async def delete_answer(self, interaction: discord.Interaction, asker: int) -> None:
        """ "Delete": the answer goes, if the clicker asked it or is a moderator (told privately
        otherwise). A public message is deleted as the bot's own; a private one through the
        interaction (Discord lets only that remove it)."""
        own = interaction.user.id == asker
        if not own and not is_moderator(interaction, self.settings.moderator_role_ids):
            await respond(interaction, NOT_YOURS, ephemeral=True)
            return
        message = interaction.message
        await interaction.response.defer()
        try:
            if message is not None and not message.flags.ephemeral:
                await message.delete()
            else:
                await interaction.delete_original_response()
        except discord.HTTPException as exc:  # already gone
            log.info("could not delete an answer: %s (code %s)", exc.status, exc.code)
        if message is not None:
            self.expiry.forget(message.id)
        log.info("answer deleted", extra={"by": "asker" if own else "moderator"})

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        log.exception("error while handling %s", event_method)


class CellfactsClient(CellfactsBase, discord.Client):
    pass


class ShardedCellfactsClient(CellfactsBase, discord.AutoShardedClient):
    pass


def make_client(settings: Settings, service: Service | None, *, sync_only: bool = False) -> CellfactsBase:
    """The bot's client: sharded when SHARD_COUNT is set (running SHARD_IDS, or all of them)."""
    if settings.shard_count is None:
        return CellfactsClient(settings, service, sync_only=sync_only)
    return ShardedCellfactsClient(
        settings,
        service,
        sync_only=sync_only,
        shard_count=settings.shard_count,
        shard_ids=list(settings.shard_ids) or None,
    )
