"""The bot's buttons, all of which keep working after a restart: choices ("which therapy?",
suggested questions) and their expiry, "Show the quote" (``cfq:<fact keys>``), 👍/👎
(``cfv:<1|0>:<answer>``), "Delete" (``cfx:<asker>``) and /unanswered's pages and "resolved"
(``cfu:<p|r>:<n>:<page>``).

Everything a click needs is in the button's custom_id, ``cf:<intent>:<therapy or ->[:<asker>:<e|n>]``
(the asker's user id, and whether the asker's own click edits the message in place), and a
`DynamicItem` registered on the client turns any such click into an answer; no view is kept in
memory per message. discord.py makes the button itself on each click, so the button reaches the
bot through the client the click arrives at, which must be a `ButtonHandler`.

Choice buttons expire: `Expiry` greys them out after BUTTONS_EXPIRE_SECONDS, and a click on one
that is older than that (say, from before a restart) is told to ask again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

import discord

from bot.discord.service import fact_key
from bot.reply import Choice

log = logging.getLogger("cellfacts.discord")
PREFIX = "cf"
NO_THERAPY = "-"
CUSTOM_ID_LIMIT = 100
LABEL_LIMIT = 80
MAX_BUTTONS = 25
RESERVED = 4  # room for "Show the quote", 👍 👎 and "Delete" after the choices
TEMPLATE = re.compile(rf"{PREFIX}:(?P<intent>[^:]+):(?P<therapy>[^:]+)(?::(?P<asker>\d+):(?P<mode>[en]))?")
EXPIRED = "These buttons have expired. Please ask your question again."
QUOTE_PREFIX = "cfq"
QUOTE_TEMPLATE = re.compile(rf"{QUOTE_PREFIX}:(?P<facts>[0-9a-f]{{8}}(?:\.[0-9a-f]{{8}})*)")
SHOW_QUOTE = "Show the quote"
PAGER_PREFIX = "cfu"
PAGER_TEMPLATE = re.compile(rf"{PAGER_PREFIX}:(?P<action>[pr]):(?P<arg>\d+):(?P<page>\d+)")
FEEDBACK_PREFIX = "cfv"
FEEDBACK_TEMPLATE = re.compile(rf"{FEEDBACK_PREFIX}:(?P<helpful>[01]):(?P<token>[0-9a-f]{{8}})")
DELETE_PREFIX = "cfx"
DELETE_TEMPLATE = re.compile(rf"{DELETE_PREFIX}:(?P<asker>\d{{1,20}})")


@dataclass(frozen=True)
class Click:
    """What a choice button asks: ``intent`` about ``therapy``, for ``asker`` (None: a button
    from before askers were recorded); ``edit``: the asker's click replaces the message."""

    intent: str
    therapy: str | None
    asker: int | None = None
    edit: bool = False


@runtime_checkable
class ButtonHandler(Protocol):
    """What a click on any of the bot's buttons needs of the client it arrives at (the bot's
    client is one)."""

    async def answer_choice(self, interaction: discord.Interaction, click: Click) -> None: ...

    async def show_quotes(self, interaction: discord.Interaction, keys: tuple[str, ...]) -> None: ...

    async def take_feedback(self, interaction: discord.Interaction, token: str, helpful: bool) -> None: ...

    async def unanswered_page(
        self, interaction: discord.Interaction, page: int, resolve: int | None
    ) -> None: ...

    async def delete_answer(self, interaction: discord.Interaction, asker: int) -> None: ...


def handler(interaction: discord.Interaction) -> ButtonHandler:
    """The client a click arrived at, as what answers it."""
    client = interaction.client
    if not isinstance(client, ButtonHandler):
        raise TypeError(f"a {type(client).__name__} cannot answer the bot's buttons")
    return client


def quote_id(fact_ids: tuple[str, ...]) -> str:
    """The custom_id of a reply's "Show the quote" button: as many of its facts as fit."""
    cid = QUOTE_PREFIX
    for i, key in enumerate(dict.fromkeys(map(fact_key, fact_ids))):
        more = f"{cid}{':' if i == 0 else '.'}{key}"
        if len(more) > CUSTOM_ID_LIMIT:
            break
        cid = more
    return cid


def custom_id(choice: Choice, asker: int | None = None, edit: bool = False) -> str:
    base = f"{PREFIX}:{choice.intent}:{choice.therapy or NO_THERAPY}"
    return base if asker is None else f"{base}:{asker}:{'e' if edit else 'n'}"


def label(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=TEMPLATE):
    """A button asking the engine ``intent`` about ``therapy`` for whoever clicks it."""

    def __init__(self, click: Click, text: str = "", primary: bool = False) -> None:
        style = discord.ButtonStyle.primary if primary else discord.ButtonStyle.secondary
        cid = custom_id(Choice(text, click.intent, click.therapy), click.asker, click.edit)
        super().__init__(discord.ui.Button(label=label(text or click.intent), style=style, custom_id=cid))
        self.click = click

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ChoiceButton:
        therapy, asker = match["therapy"], match["asker"]
        click = Click(
            match["intent"],
            None if therapy == NO_THERAPY else therapy,
            int(asker) if asker else None,
            match["mode"] == "e",
        )
        return cls(click, getattr(item, "label", "") or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        await handler(interaction).answer_choice(interaction, self.click)


class QuoteButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=QUOTE_TEMPLATE):
    """Shows the clicker, privately, the verbatim quotes an answer rests on."""

    def __init__(self, cid: str) -> None:
        super().__init__(
            discord.ui.Button(label=SHOW_QUOTE, style=discord.ButtonStyle.secondary, custom_id=cid)
        )
        self.keys = tuple(cid.partition(":")[2].split("."))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuoteButton:
        return cls(f"{QUOTE_PREFIX}:{match['facts']}")

    async def callback(self, interaction: discord.Interaction) -> None:
        await handler(interaction).show_quotes(interaction, self.keys)


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=FEEDBACK_TEMPLATE):
    """👍 ("Did this help? Yes") or 👎 ("No") on an answer."""

    def __init__(self, token: str, helpful: bool) -> None:
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
            label="Did this help? Yes" if helpful else "No",
            emoji="👍" if helpful else "👎",
            style=discord.ButtonStyle.secondary,
            custom_id=f"{FEEDBACK_PREFIX}:{int(helpful)}:{token}",
        )
        super().__init__(button)
        self.token, self.helpful = token, helpful

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FeedbackButton:
        return cls(match["token"], match["helpful"] == "1")

    async def callback(self, interaction: discord.Interaction) -> None:
        await handler(interaction).take_feedback(interaction, self.token, self.helpful)


class PagerButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=PAGER_TEMPLATE):
    """/unanswered: turn to ``page``, or (``resolve``, a group's key) mark a group resolved and
    show ``page`` again."""

    def __init__(self, text: str, page: int, resolve: int | None = None) -> None:
        action, arg = ("r", resolve) if resolve is not None else ("p", page)
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
            label=text,
            style=discord.ButtonStyle.success if resolve is not None else discord.ButtonStyle.secondary,
            custom_id=f"{PAGER_PREFIX}:{action}:{arg}:{page}",
        )
        super().__init__(button)
        self.page, self.resolve = page, resolve

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PagerButton:
        resolve = int(match["arg"]) if match["action"] == "r" else None
        return cls(getattr(item, "label", "") or "", int(match["page"]), resolve)

    async def callback(self, interaction: discord.Interaction) -> None:
        await handler(interaction).unanswered_page(interaction, self.page, self.resolve)


class DeleteButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=DELETE_TEMPLATE):
    """Deletes the answer it is on: for its asker, or a moderator; refused privately to others."""

    def __init__(self, asker: int) -> None:
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
            label="Delete",
            emoji="🗑️",
            style=discord.ButtonStyle.secondary,
            custom_id=f"{DELETE_PREFIX}:{asker}",
        )
        super().__init__(button)
        self.asker = asker

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DeleteButton:
        return cls(int(match["asker"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await handler(interaction).delete_answer(interaction, self.asker)


class AnswerView(discord.ui.View):
    """The buttons of one reply. Made only of dynamic items, so discord.py keeps nothing per
    message: clicks are routed by each item's template, now or after a restart."""

    def __init__(
        self,
        choices: tuple[Choice, ...],
        primary: bool,
        asker: int | None = None,
        edit: bool = False,
        facts: tuple[str, ...] = (),
        feedback: str | None = None,
    ) -> None:
        super().__init__(timeout=None)
        for choice in choices[: MAX_BUTTONS - RESERVED]:
            if len(custom_id(choice, asker, edit)) <= CUSTOM_ID_LIMIT:
                click = Click(choice.intent, choice.therapy, asker, edit)
                self.add_item(ChoiceButton(click, choice.label, primary))
        if facts:
            self.add_item(QuoteButton(quote_id(facts)))
        if feedback is not None:
            self.add_item(FeedbackButton(feedback, helpful=True))
            self.add_item(FeedbackButton(feedback, helpful=False))
        if asker is not None:
            self.add_item(DeleteButton(asker))

    @property
    def has_choices(self) -> bool:
        return any(isinstance(item, ChoiceButton) for item in self.children)

    def expire(self) -> None:
        """Grey out the choice buttons (other buttons keep working)."""
        for item in self.children:
            if isinstance(item, ChoiceButton):
                item.item.disabled = True


ChoiceView = AnswerView  # the name the rest of the bot knew first

Editor = Callable[[AnswerView], Awaitable[object]]


class Expiry:
    """Greys out the choice buttons of each message ``seconds`` after it was sent (or last edited
    with new buttons); one timer per message."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._timers: dict[int, asyncio.Task[None]] = {}

    def expired(self, message: discord.Message | None) -> bool:
        if message is None:
            return False
        sent = message.edited_at or message.created_at
        return (datetime.now(UTC) - sent).total_seconds() > self.seconds

    def watch(self, message_id: int | None, view: AnswerView | None, edit: Editor) -> None:
        """Expire ``view`` on message ``message_id``, with ``edit`` (which sends the view)."""
        if message_id is None:
            return
        old = self._timers.pop(message_id, None)
        if old is not None:
            old.cancel()
        if view is None or not view.has_choices:
            return
        self._timers[message_id] = asyncio.create_task(self._expire(message_id, view, edit))

    async def _expire(self, message_id: int, view: AnswerView, edit: Editor) -> None:
        await asyncio.sleep(self.seconds)
        self._timers.pop(message_id, None)
        view.expire()
        try:
            await edit(view)
        except discord.HTTPException as exc:  # deleted, or the interaction token is gone
            log.info("could not grey out expired buttons: %s (code %s)", exc.status, exc.code)

    def forget(self, message_id: int) -> None:
        """Stop watching ``message_id`` (it was deleted)."""
        old = self._timers.pop(message_id, None)
        if old is not None:
            old.cancel()

    def cancel(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()

    async def close(self) -> None:
        timers = list(self._timers.values())
        self.cancel()
        for timer in timers:
            with contextlib.suppress(asyncio.CancelledError):
                await timer
