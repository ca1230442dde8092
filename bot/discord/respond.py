"""How the bot answers on Discord: a reply as the arguments of a message (an embed or plain text,
its buttons, and no pings), and answering an interaction (/ask, /sources, a button)."""

from __future__ import annotations

from typing import Any

import discord

from bot.discord import layout
from bot.discord.buttons import AnswerView, Expiry
from bot.discord.service import Answer
from bot.reply import CLARIFY, FALLBACK, SAFETY, Reply

NO_MENTIONS = discord.AllowedMentions.none()
SORRY = "Sorry, something went wrong while answering. Please try again in a moment."


def cooldown_note(wait: float) -> str:
    return (
        "You're asking questions faster than I can keep up with. "
        f"Please wait about {max(1, round(wait))} seconds and ask again."
    )


def answer_view(reply: Reply, asker: int | None, feedback: str | None = None) -> AnswerView | None:
    """The buttons of a reply, for ``asker``: its choices (on a clarify or fallback the asker's
    own pick replaces the message, as it completes the question; elsewhere it is a new
    message), "Show the quote" when it rests on facts, 👍/👎 when ``feedback`` names it, and
    "Delete" for the asker (and moderators)."""
    if not reply.choices and not reply.facts and feedback is None and asker is None:
        return None
    edit = reply.kind in (CLARIFY, FALLBACK)
    return AnswerView(reply.choices, reply.kind == CLARIFY, asker, edit, reply.facts, feedback)


def message_kwargs(
    reply: Reply,
    embeds: bool,
    asker: int | None = None,
    asked: str = "",
    bot_name: str = "cellfacts",
    feedback: str | None = None,
) -> dict[str, Any]:
    """The send() arguments for a reply: embed or plain text, buttons, and no pings. ``asked``:
    the question, quoted above the answer (never above a safety reply, whose first line is
    the one that matters)."""
    kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    reply = layout.for_discord(reply, bot_name)
    quote = layout.quote(asked) if asked and reply.kind != SAFETY else ""
    if embeds:
        kwargs["embed"] = layout.embed_for(reply)
        if quote:
            kwargs["content"] = quote
    else:
        room = layout.CONTENT_LIMIT - (len(quote) + 2 if quote else 0)
        body = layout.plain_for(reply, room)
        kwargs.update(content=f"{quote}\n\n{body}" if quote else body, suppress_embeds=True)
    view = answer_view(reply, asker, feedback)
    if view is not None:
        kwargs["view"] = view
    return kwargs


def may_embed(interaction: discord.Interaction) -> bool:
    """Whether the bot may embed links where the interaction happened (always in a DM)."""
    return interaction.guild_id is None or interaction.app_permissions.embed_links


async def respond(
    interaction: discord.Interaction, text: str, *, ephemeral: bool, embed: bool = False
) -> None:
    """Answer an interaction with ``text`` (shortened to fit), or follow up if already answered."""
    kwargs: dict[str, Any] = {"ephemeral": ephemeral, "allowed_mentions": NO_MENTIONS}
    if embed and may_embed(interaction):
        kwargs["embed"] = discord.Embed(description=layout.shorten(text, layout.DESCRIPTION_LIMIT))
    else:
        kwargs.update(content=layout.plain_text(text), suppress_embeds=True)
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


async def send_answer(
    interaction: discord.Interaction,
    answer: Answer,
    *,
    ephemeral: bool = False,
    expiry: Expiry | None = None,
    edit: bool = False,
    asked: str = "",
) -> None:
    """The answer to an interaction, or (on cooldown) a note only the asker sees. ``edit``: replace
    the message whose button was clicked (an embed keeps the question quoted above it);
    ``expiry`` greys out the answer's choices in time; ``asked``: the question, to quote."""
    if answer.reply is None:
        await respond(interaction, cooldown_note(answer.wait), ephemeral=True)
        return
    me = interaction.client.user
    kwargs = message_kwargs(
        answer.reply,
        may_embed(interaction),
        interaction.user.id,
        asked,
        me.name if me else "cellfacts",
        answer.feedback,
    )
    if edit:
        kwargs.setdefault("view", None)  # the old buttons go with the old answer
        sent = await interaction.response.edit_message(**kwargs)
    else:
        sent = await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
    if expiry is not None and sent is not None:

        async def grey_out(view: AnswerView) -> object:
            return await interaction.edit_original_response(view=view)

        expiry.watch(sent.message_id, kwargs.get("view"), grey_out)
