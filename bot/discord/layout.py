"""A Reply laid out for Discord: an embed, or plain text, always inside Discord's limits.

Too-long text is shortened on purpose, whole lines (bullets) at a time, ending with "…"; the
notice and the source links are always kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

import discord

from bot.discord.service import Quoted
from bot.reply import FALLBACK, HELP, SAFETY, Reply, Source, sources_block

CONTENT_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
MAX_FIELDS = 25
ELLIPSIS = "…"
QUOTE_LIMIT = 300
COLOUR = discord.Colour(0x4F8A8B)
SAFETY_COLOUR = discord.Colour(0xC0392B)
_MARKDOWN_LINK_TEXT = re.compile(r"([\[\]\\])")


def shorten(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters; else as many whole lines as fit, then "…"."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    kept: list[str] = []
    used = len(ELLIPSIS)
    for line in text.split("\n"):
        if used + len(line) + 1 > limit:
            break
        kept.append(line)
        used += len(line) + 1
    if not any(line.strip() for line in kept):  # even the first line is too long: cut it at a word
        cut = text[: limit - len(ELLIPSIS)]
        head = cut.rsplit(maxsplit=1)[0] if " " in cut.strip() else cut
        return head.rstrip() + ELLIPSIS
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept) + "\n" + ELLIPSIS


def link(text: str, url: str) -> str:
    """A markdown link whose text cannot break out of its brackets."""
    safe_url = url.replace(")", "%29").replace(" ", "%20")
    safe_text = _MARKDOWN_LINK_TEXT.sub(r"\\\1", text)
    return f"[{safe_text}]({safe_url})"


def source_lines(sources: Iterable[Source], style: str = "short") -> list[str]:
    """One markdown line per source, for an embed: "short" (publisher and date as the link text;
    the full title is in the quote view) or "url" (the bare link). Plain text has
    bot.reply.sources_block instead, the URLs written out."""
    lines = []
    for s in sources:
        if style == "url":
            lines.append(f"• <{s.url}>")
        else:
            lines.append(f"• {link(f'{s.publisher}, {s.date_text}', s.url)}")
    return lines


def quotes_text(quoted: Iterable[Quoted], notice: str) -> str:
    """The quote view: each quote as the article has it, then the article's title, publisher,
    date and link; the notice last."""
    blocks = []
    for q in quoted:
        s = q.source
        text = discord.utils.escape_markdown(" ".join(q.quote.split()))
        where = f"— *{discord.utils.escape_markdown(s.title)}*, {s.publisher}, {s.date_text}\n<{s.url}>"
        blocks.append(f"> {text}\n{where}")
    if not blocks:
        return "These quotes are no longer in the content. Ask again for the current answer."
    parts = ["**What the articles say, word for word**", *blocks, f"_{notice}_" if notice else ""]
    return "\n\n".join(p for p in parts if p)


def _pack(lines: list[str], limit: int = FIELD_LIMIT) -> list[str]:
    """Lines packed into as few field values (each at most ``limit``) as they fit in."""
    values: list[str] = []
    for line in lines:
        line = line if len(line) <= limit else shorten(line, limit)
        if values and len(values[-1]) + 1 + len(line) <= limit:
            values[-1] += "\n" + line
        else:
            values.append(line)
    return values


def _source_fields(sources: tuple[Source, ...], budget: int) -> list[tuple[str, str]]:
    """(name, value) fields listing the sources, in the most detailed style that fits ``budget``."""
    if not sources:
        return []
    fields: list[tuple[str, str]] = []
    for style in ("short", "url"):
        values = _pack(source_lines(sources, style))[:MAX_FIELDS]
        fields = [("Sources" if i == 0 else "Sources (continued)", v) for i, v in enumerate(values)]
        if sum(len(n) + len(v) for n, v in fields) <= budget:
            break
    return fields


HOW_TO_ASK_INTENTS = ("help", "greeting")


def how_to_ask(bot_name: str) -> str:
    """How to ask on Discord, in three lines."""
    name = discord.utils.escape_markdown(bot_name)
    return (
        f"• In a channel: mention me, e.g. **@{name} what is BE-CAR7?**\n"
        "• Or send me a direct message.\n"
        "• Or use **/ask** (add `private: True` for an answer only you see)."
    )


def for_discord(reply: Reply, bot_name: str) -> Reply:
    """The reply as Discord shows it: help says how to ask here; a fallback keeps its honest
    first line and leaves the close questions to its buttons (no long list of topics). A reply
    where safety spoke is left exactly as it is."""
    if reply.triage is not None:
        return reply
    if reply.kind == HELP and reply.intent in HOW_TO_ASK_INTENTS:
        return replace(reply, body=f"{reply.body}\n\n{how_to_ask(bot_name)}")
    if reply.kind == FALLBACK:
        first = reply.body.split("\n\n", 1)[0]
        more = "\n\nDid you mean one of these?" if reply.choices else ""
        return replace(reply, body=first + more)
    return reply


def embed_for(reply: Reply) -> discord.Embed:
    """The reply as one embed: body as description, a Sources field, the notice as footer."""
    footer = shorten(reply.notice, FOOTER_LIMIT)
    fields = _source_fields(reply.sources, EMBED_TOTAL_LIMIT - len(footer) - 500)
    used = len(footer) + sum(len(n) + len(v) for n, v in fields)
    description = shorten(reply.body, min(DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT - used))
    embed = discord.Embed(
        description=description or None, colour=SAFETY_COLOUR if reply.kind == SAFETY else COLOUR
    )
    for name, value in fields:
        embed.add_field(name=name, value=value, inline=False)
    if footer:
        embed.set_footer(text=footer)
    return embed


def plain_for(reply: Reply, limit: int = CONTENT_LIMIT) -> str:
    """The reply as one plain message (for channels where the bot may not embed links)."""
    notice = f"_{reply.notice}_" if reply.notice else ""
    for style in ("short", "url"):
        sources = sources_block(reply.sources, style)
        tail = "\n\n".join(p for p in (sources, notice) if p)
        if len(tail) <= limit - 200:
            break
    tail = shorten(tail, limit)
    room = limit - len(tail) - 2
    body = shorten(reply.body, room) if room > len(ELLIPSIS) else ""
    return "\n\n".join(p for p in (body, tail) if p)


def quote(question: str, limit: int = QUOTE_LIMIT) -> str:
    """The question as a one-line block quote, markdown shown as typed (a question is text, never
    formatting), cut to ``limit`` characters."""
    text = " ".join(question.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + ELLIPSIS
    return "> " + discord.utils.escape_markdown(discord.utils.escape_mentions(text))


def plain_text(text: str, limit: int = CONTENT_LIMIT) -> str:
    """Any other message text, shortened to fit."""
    return shorten(text, limit)
