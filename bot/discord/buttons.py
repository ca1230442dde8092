"""Choice buttons ("which therapy?", suggested questions) that keep working after a restart.

Everything a click needs is in the button's custom_id, ``cf:<intent>:<therapy or ->``, and a
`DynamicItem` registered on the client turns any such click into an answer; no view is kept in
memory per message. discord.py makes the button itself on each click, so the button reaches the
bot through the client the click arrives at, which must be a `ChoiceAnswerer`.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import discord

from bot.reply import Choice

PREFIX = "cf"
NO_THERAPY = "-"
CUSTOM_ID_LIMIT = 100
LABEL_LIMIT = 80
MAX_BUTTONS = 25
TEMPLATE = re.compile(rf"{PREFIX}:(?P<intent>[^:]+):(?P<therapy>.+)")


@runtime_checkable
class ChoiceAnswerer(Protocol):
    """What a click needs of the client it arrives at (the bot's client is one)."""

    async def answer_choice(
        self, interaction: discord.Interaction, intent: str, therapy: str | None
    ) -> None: ...


def custom_id(choice: Choice) -> str:
    return f"{PREFIX}:{choice.intent}:{choice.therapy or NO_THERAPY}"


def _label(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=TEMPLATE):
    """A button asking the engine ``intent`` about ``therapy`` for whoever clicks it."""

    def __init__(self, intent: str, therapy: str | None, label: str = "", primary: bool = False) -> None:
        style = discord.ButtonStyle.primary if primary else discord.ButtonStyle.secondary
        cid = custom_id(Choice(label, intent, therapy))
        super().__init__(discord.ui.Button(label=_label(label or intent), style=style, custom_id=cid))
        self.intent, self.therapy = intent, therapy

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ChoiceButton:
        therapy = match["therapy"]
        label = getattr(item, "label", "") or ""
        return cls(match["intent"], None if therapy == NO_THERAPY else therapy, label)

    async def callback(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        if not isinstance(client, ChoiceAnswerer):
            raise TypeError(f"a {type(client).__name__} cannot answer a choice button")
        await client.answer_choice(interaction, self.intent, self.therapy)


class ChoiceView(discord.ui.View):
    """The buttons of one reply. Made only of dynamic items, so discord.py keeps nothing per
    message: clicks are routed by `ChoiceButton`'s template, now or after a restart."""

    def __init__(self, choices: tuple[Choice, ...], primary: bool) -> None:
        super().__init__(timeout=None)
        for choice in choices[:MAX_BUTTONS]:
            if len(custom_id(choice)) <= CUSTOM_ID_LIMIT:
                self.add_item(ChoiceButton(choice.intent, choice.therapy, choice.label, primary))
