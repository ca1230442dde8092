"""Moderation through the real bot (one client in this process for this module, JSON logs at
info): /reload, /unanswered, and what a moderator may do that a member may not. (SIGHUP reloads
are in test_bot_lifecycle: a signal needs a process of its own.)"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
import pytest_asyncio

from bot.discord.commands import NOT_A_MODERATOR
from bot.discord.unanswered import DB_FILE
from bot.testing.fake_discord import EPHEMERAL, FakeDiscord
from tests.conftest import copy_content
from tests.discord.conftest import FACTS, MESSAGES, ask_by_mention, edit_first_fact, embed_text, running_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

ORIGINAL = "@original"


@pytest.fixture(scope="module")
def content(module_dir: Path) -> Path:
    return copy_content(module_dir / "content")


@pytest.fixture(scope="module")
def helper_role(fake: FakeDiscord) -> int:
    """A role without Manage Server, named in MODERATOR_ROLE_IDS (made before the bot connects)."""
    role_id = fake.new_id()
    fake.roles.append({**fake.roles[0], "id": str(role_id), "name": "Helpers", "position": 1})
    return role_id


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(fake: FakeDiscord, module_dir: Path, content: Path, helper_role: int):
    async with running_bot(
        fake, module_dir / "data", CONTENT_DIR=str(content), MODERATOR_ROLE_IDS=str(helper_role),
        LOG_FORMAT="json", LOG_LEVEL="info",
    ) as running:  # fmt: skip
        yield running
    assert "Traceback" not in running.logs, running.logs[-3000:]


async def reload_as(fake: FakeDiscord, user) -> str:
    """Run /reload as ``user``; the text of the (ephemeral) answer."""
    sent = await fake.send_slash_command("reload", user=user)
    callback = await fake.wait_for_interaction_response(sent)
    if callback.json["type"] == 4:  # answered at once: refused
        assert callback.json["data"]["flags"] & EPHEMERAL
        return callback.json["data"]["content"]
    assert callback.json["type"] == 5 and callback.json["data"]["flags"] & EPHEMERAL  # deferred
    edit = await fake.wait_for_request("PATCH", rf"/webhooks/\d+/{sent.token}/messages/{ORIGINAL}")
    return edit.json["content"]


async def test_reload_by_a_moderator_shows_the_diff(fake, bot, content):
    fact_id, original = edit_first_fact(content)
    try:
        text = await reload_as(fake, fake.moderator)
        assert text.startswith("content reloaded") and f"facts changed (1): {fact_id}" in text
        facts = len(bot.service.store.snapshot.facts)
        assert f"now serving {facts} facts" in text
        (change,) = [line for line in text.splitlines() if line.startswith(f"• {fact_id}: ")]
        before, after = change.split(": ", 1)[1].split(" → ")
        assert "(as the article says)" in after and "(as the article says)" not in before
        assert len(change) < 400  # the changed words and a few around them, not the whole fact
    finally:
        (content / FACTS).write_text(original, encoding="utf-8")
    text = await reload_as(fake, fake.moderator)
    assert f"facts changed (1): {fact_id}" in text
    assert "no changes" in await reload_as(fake, fake.moderator)
    audit = [e for e in bot.json_logs() if e["message"].startswith("content reloaded")]
    assert audit[-1]["by"].startswith("moderator u-") and audit[-1]["level"] == "info"
    assert str(fake.moderator.id) not in bot.logs  # no user or moderator ids in the logs


async def test_reload_by_a_moderator_role(fake, bot, helper_role, user):
    user.role_ids.append(helper_role)
    assert (await reload_as(fake, user)).startswith("content reloaded")


async def test_reload_refused_to_members(fake, bot, user):
    mark = len(fake.requests)
    assert await reload_as(fake, user) == NOT_A_MODERATOR
    assert not [r for r in fake.requests[mark:] if r.method == "PATCH"]
    sent = await fake.send_slash_command("unanswered", user=user)
    callback = await fake.wait_for_interaction_response(sent)
    assert callback.json["data"]["content"] == NOT_A_MODERATOR


async def test_broken_reload_shows_problems_and_keeps_serving(fake, bot, content, user):
    path = content / FACTS
    original = path.read_text(encoding="utf-8")
    path.write_text("article = [broken", encoding="utf-8")
    try:
        text = await reload_as(fake, fake.moderator)
        assert text.startswith("reload failed; the previous content is still being served")
        assert FACTS in text
        reply = await ask_by_mention(fake, "who was the first patient to get BE-CAR7?", author=user)
        assert "Alyssa" in embed_text(reply.json)
    finally:
        path.write_text(original, encoding="utf-8")
    assert (await reload_as(fake, fake.moderator)).startswith("content reloaded")


async def test_unanswered_keeps_the_question_not_the_asker(fake, bot, user):
    question = "@everyone how do I fix my wifi, it is so slow"
    await ask_by_mention(fake, question, author=user)
    sent = await fake.send_slash_command("unanswered", user=fake.moderator)
    callback = await fake.wait_for_interaction_response(sent)
    data = callback.json["data"]
    assert data["flags"] & EPHEMERAL and data["allowed_mentions"] == {"parse": []}
    assert "how do I fix my wifi, it is so slow" in data["content"]
    assert str(user.id) not in data["content"] and user.username not in data["content"]
    with sqlite3.connect(bot.data_dir / DB_FILE) as db:
        saved = repr(db.execute("SELECT * FROM unanswered").fetchall())
    assert "how do I fix my wifi" in saved and str(user.id) not in saved and user.username not in saved


def feedback_buttons(body: dict) -> dict[str, dict]:
    buttons = [c for row in body.get("components") or [] for c in row["components"]]
    return {b["emoji"]["name"]: b for b in buttons if b["custom_id"].startswith("cfv:")}


async def test_did_this_help_is_kept_with_the_question_and_summarised(fake, bot, user):
    question = "how does UCART19 work?"
    reply = await ask_by_mention(fake, question, author=user)
    buttons = feedback_buttons(reply.json)
    assert set(buttons) == {"👍", "👎"} and "Did this help?" in buttons["👍"]["label"]
    notes = []
    for clicker, emoji in ((user, "👎"), (user, "👎"), (fake.member, "👍")):
        click = await fake.send_component_click(
            buttons[emoji]["custom_id"], message=reply.response, user=clicker
        )
        data = (await fake.wait_for_interaction_response(click)).json["data"]
        assert data["flags"] & EPHEMERAL
        notes.append(data["content"])
    assert notes[0].startswith("Thank you") and "already" in notes[1]  # each person counts once
    # In a DM: kept privately, never in the server's summary.
    sent = await fake.send_message_create("who developed TaNK cells?", author=user, dm=True)
    dm = await fake.wait_for_request("POST", rf"/channels/{sent['channel_id']}/messages")
    click = await fake.send_component_click(
        feedback_buttons(dm.json)["👎"]["custom_id"], message=dm.response, user=user
    )
    await fake.wait_for_interaction_response(click)

    listed = await fake.send_slash_command("unanswered", user=fake.moderator)
    text = (await fake.wait_for_interaction_response(listed)).json["data"]["content"]
    assert "👍 1 · 👎 1" in text and question in text and "TaNK" not in text
    with sqlite3.connect(bot.data_dir / DB_FILE) as db:
        saved = repr(db.execute("SELECT * FROM feedback").fetchall())
    assert question in saved and str(user.id) not in saved and user.username not in saved


def buttons_of(data: dict) -> dict[str, str]:
    """label → custom_id of a message's buttons."""
    return {b["label"]: b["custom_id"] for row in data.get("components") or [] for b in row["components"]}


async def test_unanswered_groups_gaps_pages_and_resolves(fake, bot, user):
    for i, question in enumerate(["how much does it cost?", "what does the treatment cost",
                                  "how do i bake sourdough bread", "how do I bake sourdough bread please",
                                  "who is the prime minister", "what is the capital of peru",
                                  "what time is it in tokyo", "recommend a good film",
                                  "how do I repair a bicycle puncture"]):  # fmt: skip
        asker = fake.add_user(f"asker_{i}")  # one each: no cooldown
        await ask_by_mention(fake, question, author=asker)
    sent = await fake.send_slash_command("unanswered", user=fake.moderator)
    callback = await fake.wait_for_interaction_response(sent)
    data, message = callback.json["data"], callback.response["resource"]["message"]
    text = data["content"]
    assert data["flags"] & EPHEMERAL and len(text) <= 2000
    # the honest gap (cost) is listed, its two phrasings counted as one group; alike questions too
    assert "**2×** not in the articles (cost)" in text
    assert "**2×** “how do I bake sourdough bread please”" in text
    assert "page 1 of 2" in text and text.count("\n1. ") == 1
    buttons = buttons_of(data)
    assert "Next ▶" in buttons and "◀ Previous" not in buttons

    # a member cannot use the buttons, even on the moderator's message
    click = await fake.send_component_click(buttons["Next ▶"], message=message, user=user)
    refused = (await fake.wait_for_interaction_response(click)).json["data"]
    assert refused["content"] == NOT_A_MODERATOR and refused["flags"] & EPHEMERAL

    first = text.split("\n1. ", 1)[1].split("\n", 1)[0]  # the largest group, listed first
    click = await fake.send_component_click(buttons["✓ Resolved 1"], message=message, user=fake.moderator)
    resolved = (await fake.wait_for_interaction_response(click)).json["data"]["content"]
    assert resolved.startswith("Marked resolved: 2×") and first not in resolved
    sent = await fake.send_slash_command("unanswered", user=fake.moderator)
    after = (await fake.wait_for_interaction_response(sent)).json["data"]["content"]
    assert first not in after and after.count("**2×**") == 1  # one group of two gone for good

    message = fake.messages[int(message["id"])]  # as the moderator sees it now (edited in place)
    click = await fake.send_component_click(
        buttons_of(message)["Next ▶"], message=message, user=fake.moderator
    )
    turned = await fake.wait_for_interaction_response(click)
    assert turned.json["type"] == 7 and "page 2 of 2" in turned.json["data"]["content"]
    assert "◀ Previous" in buttons_of(turned.json["data"]) and "Next ▶" not in buttons_of(turned.json["data"])


async def test_a_private_ask_is_never_listed_in_the_server(fake, bot, user):
    question = "how do I fix my private printer please"
    sent = await fake.send_slash_command("ask", {"question": question, "private": True}, user=user)
    assert (await fake.wait_for_interaction_response(sent)).json["data"]["flags"] & EPHEMERAL
    listed = await fake.send_slash_command("unanswered", user=fake.moderator)
    data = (await fake.wait_for_interaction_response(listed)).json["data"]
    assert "printer" not in embed_text(data)


async def test_logs_are_json_lines_without_questions_or_names(fake, bot, user):
    await ask_by_mention(fake, "what did the doctors say about zebras?", author=user)
    events = bot.json_logs()  # every line parses
    assert all({"time", "level", "logger", "message"} <= set(e) for e in events)
    answered = [e for e in events if e["message"] == "answered"]
    assert answered and {"via", "kind", "intent", "ms"} <= set(answered[-1])
    text = bot.logs
    assert "zebras" not in text and "wifi" not in text  # question texts only at debug
    assert user.username not in text and fake.member.username not in text
    assert not [
        r for r in fake.requests if r.method == "POST" and re.fullmatch(MESSAGES, r.path) and r.status >= 400
    ]
