"""The slash commands: /ask for everyone, /sources, and /reload and /unanswered for moderators.

Moderation rights are checked here, by the bot: Manage Server, or a role in MODERATOR_ROLE_IDS.
`default_permissions` only hides the commands from others in Discord's menu.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.atomic import write_atomic
from bot.discord import layout
from bot.logs import pseudonym
from bot.render import source_view

if TYPE_CHECKING:
    from bot.discord.client import CellfactsBase

log = logging.getLogger("cellfacts.discord")
COMMANDS_FILE = "commands.json"
NOT_A_MODERATOR = "Sorry, only moderators (Manage Server, or a moderator role) can use this command."
MAX_QUESTION_OPTION = 1000


def _client(interaction: discord.Interaction) -> CellfactsBase:
    return interaction.client  # type: ignore[return-value]


def is_moderator(interaction: discord.Interaction, moderator_role_ids: tuple[int, ...]) -> bool:
    """Manage Server (or Administrator) in this channel, as Discord computed it, or a moderator role."""
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    perms = interaction.permissions
    if perms.manage_guild or perms.administrator:
        return True
    return any(role.id in moderator_role_ids for role in interaction.user.roles)


@app_commands.command(
    name="ask", description="Ask about BE-CAR7, UCART19 or TaNK cells (answers from articles)"
)
@app_commands.describe(question="Your question, e.g. who was the first patient to get BE-CAR7?")
async def ask(
    interaction: discord.Interaction, question: app_commands.Range[str, 1, MAX_QUESTION_OPTION]
) -> None:
    await _client(interaction).answer_interaction(interaction, question)


@app_commands.command(name="sources", description="The published articles the bot answers from")
async def sources(interaction: discord.Interaction) -> None:
    client = _client(interaction)
    articles = sorted(client.service.engine.snapshot.articles.values(), key=lambda a: a.date, reverse=True)
    lines = [
        f"• {layout.link(v['title'], v['url'])} — {v['publisher']}, {v['date_text']}"
        for v in map(source_view, articles)
    ]
    text = "Everything I say comes from these published articles:\n" + "\n".join(lines)
    await client.respond(interaction, text, ephemeral=True, embed=True)


async def _refuse_non_moderator(interaction: discord.Interaction, client) -> bool:
    """The bot's own moderator check (default_member_permissions is only a hint to Discord)."""
    if is_moderator(interaction, client.settings.moderator_role_ids):
        return False
    await client.respond(interaction, NOT_A_MODERATOR, ephemeral=True)
    return True


@app_commands.command(name="reload", description="Moderators: reload the articles, facts and questions")
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
async def reload(interaction: discord.Interaction) -> None:
    client = _client(interaction)
    if await _refuse_non_moderator(interaction, client):
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    result = await client.service.reload(by=f"moderator {pseudonym(interaction.user.id)}")
    text = "\n".join(result.lines())
    await interaction.edit_original_response(content=layout.plain_text(text))


@app_commands.command(name="unanswered", description="Moderators: recent questions the bot could not answer")
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
async def unanswered(interaction: discord.Interaction) -> None:
    client = _client(interaction)
    if await _refuse_non_moderator(interaction, client):
        return
    items = client.service.unanswered.recent(interaction.guild_id)  # this server's only
    if not items:
        text = "No unanswered questions recorded in this server yet."
    else:
        lines = [f"• {discord.utils.escape_markdown(i['text'])} ({i['at'][:10]})" for i in items]
        text = f"The {len(items)} most recent questions I could not answer, newest first:\n" + "\n".join(
            lines
        )
    await client.respond(interaction, text, ephemeral=True)


COMMANDS = (ask, sources, reload, unanswered)


# -- registering only when the set changed ---------------------------------------------------


def commands_hash(tree: app_commands.CommandTree, application_id: int | None) -> str:
    """A hash of exactly what `tree.sync()` would send (global commands), and for which app."""
    payload = [c.to_dict(tree) for c in tree.get_commands()]
    text = json.dumps({"application_id": application_id, "commands": payload}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


async def sync_commands(
    tree: app_commands.CommandTree, data_dir: Path, *, force: bool = False, storage_known: bool = False
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
