"""The slash commands: /ask for everyone, /sources, /help, and /reload, /unanswered and /settings
for moderators; and the message menu "Ask cellfacts about this message".

`command_tree` builds them for one client, closing over the service they answer from. Moderation
rights are checked here, by the bot (an `app_commands.check`): Manage Server, or a role in
MODERATOR_ROLE_IDS; `default_permissions` only hides the commands from others in Discord's menu.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from bot.atomic import write_atomic
from bot.discord import layout
from bot.discord.buttons import Expiry, PagerButton
from bot.discord.respond import NO_MENTIONS, SORRY, respond, send_answer
from bot.discord.service import Answer, Service, reload_report
from bot.discord.unanswered import ServerSettings
from bot.logs import pseudonym
from bot.text import question as text_question

log = logging.getLogger("cellfacts.discord")
COMMANDS_FILE = "commands.json"
NOT_A_MODERATOR = "Sorry, only moderators (Manage Server, or a moderator role) can use this command."
MAX_QUESTION_OPTION = 1000
Command = app_commands.Command[Any, ..., None] | app_commands.ContextMenu
ASK_ABOUT_MESSAGE = "Ask cellfacts about this message"
CHANNEL_CHOICES = {
    "only": "answer only in this channel",
    "add": "also answer in this channel",
    "remove": "stop answering in this channel",
    "everywhere": "answer in every channel",
}
ONLY_CHANNEL = (
    "This is the only channel I answer in. Choose “answer only in this channel” in another "
    "channel, or “answer in every channel”."
)
NO_TEXT = "That message has no text I can read. Please ask your question in words (or use /ask)."


PAGE_SIZE = 5
SHOWN_TEXT = 120


def _short(text: str) -> str:
    text = text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1].rstrip() + "…"
    return discord.utils.escape_markdown(text)


def unanswered_page(
    service: Service, guild_id: int | None, page: int, note: str = ""
) -> tuple[str, discord.ui.View]:
    """Page ``page`` of this server's open questions, similar ones grouped with their counts,
    and its buttons: mark a group resolved, and turn the page. The 👍/👎 summary comes first."""
    store = service.unanswered
    groups = store.groups(guild_id)  # this server's only
    pages = max(1, -(-len(groups) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = groups[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    parts = [note] if note else []
    parts.append(feedback_summary(*store.feedback(guild_id)))
    view = discord.ui.View(timeout=None)
    if not groups:
        parts.append("No unanswered questions recorded in this server yet.")
        return "\n\n".join(parts), view
    asked = sum(g.count for g in groups)
    lines = [
        f"**Questions I could not answer**: {asked} in {len(groups)} groups, page {page + 1} of {pages}. "
        "The articles' gaps (not in the articles) and questions nothing matched:"
    ]
    for number, group in enumerate(shown, start=1):
        example = f"“{_short(group.text)}”"
        what = f"not in the articles ({_short(group.gap)}), e.g. {example}" if group.gap else example
        lines.append(f"{number}. **{group.count}×** {what} (last {group.at[:10]})")
        view.add_item(PagerButton(f"✓ Resolved {number}", page, resolve=group.key))
    parts.append("\n".join(lines))
    if page > 0:
        view.add_item(PagerButton("◀ Previous", page - 1))
    if page < pages - 1:
        view.add_item(PagerButton("Next ▶", page + 1))
    return "\n\n".join(parts), view


def feedback_summary(up: int, down: int, unhelpful: list[tuple[str, int]]) -> str:
    """The 👍/👎 on this server's answers, and the questions most often marked unhelpful."""
    if not up and not down:
        return "**Did this help?** No 👍 or 👎 on answers in this server yet."
    lines = [f"**Did this help?** 👍 {up} · 👎 {down} (last 90 days)"]
    if unhelpful:
        lines.append("Answers marked unhelpful most often:")
        lines += [f"• {_short(text)} (👎 {n})" for text, n in unhelpful]
    return "\n".join(lines)


def is_moderator(interaction: discord.Interaction, moderator_role_ids: tuple[int, ...]) -> bool:
    """Manage Server (or Administrator) in this channel, as Discord computed it, or a moderator role."""
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    perms = interaction.permissions
    if perms.manage_guild or perms.administrator:
        return True
    return any(role.id in moderator_role_ids for role in interaction.user.roles)


class CommandTree(app_commands.CommandTree[discord.Client]):
    """The bot's slash commands, and what the user is told when one cannot run."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        with contextlib.suppress(discord.HTTPException):
            if isinstance(error, app_commands.CheckFailure):  # the moderator check said no
                await respond(interaction, NOT_A_MODERATOR, ephemeral=True)
                return
            command = interaction.command.name if interaction.command else "?"
            log.error("/%s failed", command, exc_info=error)
            await respond(interaction, SORRY, ephemeral=True)


def command_tree(
    client: discord.Client,
    service: Service | None,
    moderator_role_ids: tuple[int, ...],
    expiry: Expiry | None = None,
) -> CommandTree:
    """The slash commands of ``client``, answering from ``service`` (None: a client that only
    registers them with Discord, as `python -m bot sync` does)."""
    tree = CommandTree(client)
    for command in _commands(service, moderator_role_ids, expiry):
        tree.add_command(command)
    return tree


def _commands(
    service: Service | None, moderator_role_ids: tuple[int, ...], expiry: Expiry | None
) -> tuple[Command, ...]:
    def serving() -> Service:
        if service is None:
            raise RuntimeError("this client only registers the commands; it has no content to answer from")
        return service

    def moderator(interaction: discord.Interaction) -> bool:
        return is_moderator(interaction, moderator_role_ids)

    @app_commands.command(
        name="ask", description="Ask about BE-CAR7, UCART19 or TaNK cells (answers from articles)"
    )
    @app_commands.describe(
        question="Your question, e.g. who was the first patient to get BE-CAR7?",
        private="Only you see the question and the answer",
    )
    async def ask(
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_OPTION],
        private: bool = False,
    ) -> None:
        """A public answer below the question quoted (``private``: for the asker only, and kept
        out of the server's unanswered list), or an ephemeral cooldown note."""
        user, channel = interaction.user.id, interaction.channel_id
        if not private and not serving().answers_in(interaction.guild_id, channel, _parent(interaction)):
            await respond(interaction, elsewhere(serving(), interaction.guild_id), ephemeral=True)
            return
        guild = None if private else interaction.guild_id
        answer = serving().ask(question, user, channel, "slash", guild, server=interaction.guild_id)
        asked = text_question(question)
        await send_answer(interaction, answer, ephemeral=private, expiry=expiry, asked=asked)

    @ask.autocomplete("question")
    async def suggest(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Known questions matching what has been typed so far."""
        return [app_commands.Choice(name=text, value=text) for text in serving().suggestions(current)]

    @app_commands.command(name="sources", description="The published articles the bot answers from")
    async def sources(interaction: discord.Interaction) -> None:
        """The answer to the content's own "where does this come from?", for the asker only."""
        await send_answer(interaction, Answer(serving().sources()), ephemeral=True)

    @app_commands.command(name="help", description="How to ask cellfacts, and what it can answer")
    async def help_(interaction: discord.Interaction) -> None:
        """What the bot answers and how to ask it (mention, DM, /ask), for the asker only."""
        await send_answer(interaction, Answer(serving().help()), ephemeral=True)

    @app_commands.command(name="reload", description="Moderators: reload the articles, facts and questions")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(moderator)
    async def reload(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        before = serving().store.snapshot
        result = await serving().reload(by=f"moderator {pseudonym(interaction.user.id)}")
        report = reload_report(result, before, serving().store.snapshot)
        text = "\n".join(discord.utils.escape_mentions(line) for line in report)
        await interaction.edit_original_response(content=layout.plain_text(text))

    @app_commands.command(
        name="unanswered", description="Moderators: recent questions the bot could not answer"
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(moderator)
    async def unanswered(interaction: discord.Interaction) -> None:
        text, view = unanswered_page(serving(), interaction.guild_id, 0)
        await interaction.response.send_message(
            content=layout.plain_text(text), view=view, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.context_menu(name=ASK_ABOUT_MESSAGE)
    async def ask_about(interaction: discord.Interaction, message: discord.Message) -> None:
        """The selected message asked as a question, answered for the one who asked only (kept
        out of the server's unanswered list, as a private /ask is); safety first, as ever."""
        if not message.content.strip():
            await respond(interaction, NO_TEXT, ephemeral=True)
            return
        user, channel = interaction.user.id, interaction.channel_id
        answer = serving().ask(message.content, user, channel, "menu", None, server=interaction.guild_id)
        asked = text_question(message.content)
        await send_answer(interaction, answer, ephemeral=True, expiry=expiry, asked=asked)

    @app_commands.command(
        name="settings", description="Moderators: the channels the bot answers in here, and its cooldown"
    )
    @app_commands.describe(
        channel="Run it in the channel concerned: answer only here, also here, not here, or everywhere",
        cooldown_questions="At most this many questions per person (0: no cooldown)",
        cooldown_seconds="…in this many seconds",
        default_cooldown="Go back to the bot's own cooldown",
    )
    @app_commands.choices(channel=[app_commands.Choice(name=n, value=v) for v, n in CHANNEL_CHOICES.items()])
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(moderator)
    async def settings(
        interaction: discord.Interaction,
        channel: app_commands.Choice[str] | None = None,
        cooldown_questions: app_commands.Range[int, 0, 100] | None = None,
        cooldown_seconds: app_commands.Range[int, 0, 86400] | None = None,
        default_cooldown: bool = False,
    ) -> None:
        """Change this server's settings (none given: just show them), for the moderator only."""
        guild_id = interaction.guild_id
        assert guild_id is not None  # guild_only
        before = serving().server_settings(guild_id)
        after = changed_settings(
            before,
            channel.value if channel else None,
            interaction.channel_id,
            cooldown_questions,
            cooldown_seconds,
            default_cooldown,
        )
        note = ""
        if after != before:
            stored = serving().save_server_settings(guild_id, after)
            note = "Saved." if stored else "Changed until the bot restarts (they could not be stored)."
            log.info("server settings changed", extra={"by": f"moderator {pseudonym(interaction.user.id)}"})
        if channel and channel.value == "remove" and not before.channels:
            note = "I answer in every channel; choose “answer only in this channel” in a channel to limit me."
        elif channel and channel.value == "remove" and interaction.channel_id in after.channels:
            note = ONLY_CHANNEL
        text = settings_text(serving(), guild_id, note)
        await respond(interaction, text, ephemeral=True)

    return (ask, sources, help_, reload, unanswered, settings, ask_about)


def _parent(interaction: discord.Interaction) -> int | None:
    """The channel a thread is in (None elsewhere)."""
    return getattr(interaction.channel, "parent_id", None)


def elsewhere(service: Service, guild_id: int | None) -> str:
    """Where to ask instead, when this server's moderators chose other channels."""
    channels = service.server_settings(guild_id).channels if guild_id is not None else ()
    where = ", ".join(f"<#{c}>" for c in channels)
    return (
        f"In this server I answer in {where}. You can also use `/ask` with `private: True` here, "
        "or send me a direct message."
    )


def changed_settings(
    before: ServerSettings,
    channel: str | None,
    here: int | None,
    questions: int | None,
    seconds: int | None,
    default_cooldown: bool,
) -> ServerSettings:
    """``before`` with a moderator's /settings choices applied (``here``: the channel it was run in)."""
    channels = before.channels
    if channel == "only" and here is not None:
        channels = (here,)
    elif channel == "add" and here is not None and here not in channels:
        channels = (*channels, here)
    elif channel == "remove":
        channels = tuple(c for c in channels if c != here) or channels  # none left would mean all
    elif channel == "everywhere":
        channels = ()
    after = replace(before, channels=channels)
    if default_cooldown:
        after = replace(after, cooldown_questions=None, cooldown_seconds=None)
    if questions is not None:
        after = replace(after, cooldown_questions=questions)
    if seconds is not None:
        after = replace(after, cooldown_seconds=seconds)
    return after


def settings_text(service: Service, guild_id: int, note: str = "") -> str:
    """This server's settings, as a moderator reads them."""
    chosen = service.server_settings(guild_id)
    where = ", ".join(f"<#{c}>" for c in chosen.channels) if chosen.channels else "every channel"
    cooldown = service.cooldown_for(guild_id)
    own = chosen.cooldown_questions is not None or chosen.cooldown_seconds is not None
    questions = f"{cooldown.limit} question{'' if cooldown.limit == 1 else 's'}"
    pace = (
        f"at most {questions} per person in {cooldown.per:g} seconds" if cooldown.enabled else "no cooldown"
    )
    lines = [note] if note else []
    lines += [
        "**Settings for this server**",
        f"• I answer mentions and public `/ask` in: {where} (private questions, `/help` and direct "
        "messages anywhere).",
        f"• Cooldown: {pace}{'' if own else ' (the bot default)'}.",
    ]
    return "\n".join(lines)


# -- registering only when the set changed ---------------------------------------------------


def commands_hash(tree: app_commands.CommandTree[discord.Client], application_id: int | None) -> str:
    """A hash of exactly what `tree.sync()` would send (global commands), and for which app."""
    payload = [c.to_dict(tree) for c in tree.get_commands()]
    text = json.dumps({"application_id": application_id, "commands": payload}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


async def sync_commands(
    tree: app_commands.CommandTree[discord.Client],
    data_dir: Path,
    *,
    force: bool = False,
    storage_known: bool = False,
) -> bool:
    """Register the global commands if they changed since the last sync (or if ``force``).

    The hash of the last synced set is kept in DATA_DIR/commands.json. True if synced.
    ``storage_known``: DATA_DIR is already known (and warned about) to be unwritable."""
    path = Path(data_dir) / COMMANDS_FILE
    digest = commands_hash(tree, tree.client.application_id)
    try:
        previous = json.loads(path.read_text(encoding="utf-8")).get("hash")
    except (OSError, ValueError, AttributeError):
        previous = None
    if previous == digest and not force:
        log.info("slash commands unchanged; not syncing")
        return False
    synced = await tree.sync()
    log.info("slash commands synced: %s", ", ".join(f"/{c.name}" for c in synced))
    try:
        write_atomic(path, json.dumps({"hash": digest}))
    except OSError as exc:
        (log.info if storage_known else log.warning)(
            "could not save %s (the commands will be synced again next start): %s", path, exc
        )
    return True
