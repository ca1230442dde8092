"""Asking the real bot (one client in this process for this module) through the fake Discord:
mentions, DMs, /ask, buttons, cooldown, limits, faults, heartbeat and what the logs never show."""

from __future__ import annotations

import asyncio
import copy
import json
import re
import subprocess
import sys
from dataclasses import replace

import discord
import pytest
import pytest_asyncio

from bot.discord.buttons import EXPIRED
from bot.engine import Engine
from bot.loader import build_snapshot
from bot.reply import FALLBACK, NOT_IN_ARTICLES, Choice, Reply
from bot.testing.fake_discord import EMBED_LINKS, EPHEMERAL, FakeDiscord, FakeUser
from tests.conftest import ROOT
from tests.discord.conftest import (
    MESSAGES,
    TOKEN,
    ask_by_mention,
    bot_env,
    embed_text,
    mentions_request,
    running_bot,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

SUPPRESS_EMBEDS = 1 << 2
NOTICE = "Not medical advice"
FIRST_PATIENT_URL = "https://goodnewspaper.net/2025/12/15/"


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The engine in this process, on the same content, to know what the bot should say."""
    return Engine(build_snapshot(ROOT))


@pytest.fixture(scope="module")
def no_embeds_channel(fake: FakeDiscord) -> int:
    """A channel where the bot's role may not embed links (made before the bot connects)."""
    channel_id = fake.new_id()
    fake.channels[channel_id] = {
        **fake.channels[fake.channel_id], "id": str(channel_id), "name": "no-embeds",
        "permission_overwrites": [
            {"id": str(fake.bot_role_id), "type": 0, "allow": "0", "deny": str(EMBED_LINKS)}
        ],
    }  # fmt: skip
    return channel_id


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(fake: FakeDiscord, module_dir, no_embeds_channel):
    async with running_bot(fake, module_dir / "data", LOG_LEVEL="debug") as running:
        yield running
    assert "Traceback" not in running.logs, running.logs[-3000:]


def components(body: dict) -> list[dict]:
    return [c for row in body.get("components") or [] for c in row["components"]]


def choice_buttons(body: dict) -> list[dict]:
    """The buttons that ask a question (not "Show the quote" or feedback)."""
    return [c for c in components(body) if c["custom_id"].startswith("cf:")]


async def test_mention_gets_an_embed_with_sources_and_notice(fake, bot, user):
    reply = await ask_by_mention(fake, "who was the first patient to get BE-CAR7?", author=user)
    body = reply.json
    assert body["allowed_mentions"] == {"parse": []}
    assert body["message_reference"]["fail_if_not_exists"] is False
    (embed,) = body["embeds"]
    assert "Alyssa" in embed["description"]
    sources = embed["fields"][0]
    assert sources["name"] == "Sources" and f"]({FIRST_PATIENT_URL}" in sources["value"]
    assert NOTICE in embed["footer"]["text"]


async def test_sources_are_named_by_publisher_and_date_and_the_quote_is_one_click_away(
    fake, bot, user, engine
):
    question = "who was the first patient to get BE-CAR7?"
    expected = engine.ask(question, "probe-quote")
    reply = await ask_by_mention(fake, question, author=user)
    sources = reply.json["embeds"][0]["fields"][0]["value"]
    for source in expected.sources:
        assert f"[{source.publisher}, {source.date_text}]({source.url})" in sources
        assert source.title not in sources  # the title is in the quote view, not on the phone screen
    (button,) = [b for b in components(reply.json) if b["label"] == "Show the quote"]

    for clicker in (user, fake.moderator):  # the asker, or anyone reading: privately either way
        click = await fake.send_component_click(button["custom_id"], message=reply.response, user=clicker)
        data = (await fake.wait_for_interaction_response(click)).json["data"]
        assert data["flags"] & EPHEMERAL and data["allowed_mentions"] == {"parse": []}
        shown = embed_text(data)
        for fact_id in expected.facts:
            fact = engine.snapshot.facts[fact_id]
            article = engine.snapshot.articles[fact.article]
            assert discord.utils.escape_markdown(" ".join(fact.quote.split())) in shown
            assert discord.utils.escape_markdown(article.title) in shown
            assert article.publisher in shown and article.url in shown
        assert NOTICE in shown


async def test_everyone_in_the_question_pings_no_one(fake, bot, user):
    reply = await ask_by_mention(fake, "@everyone @here what is BE-CAR7", author=user)
    mentions = reply.json["allowed_mentions"]
    assert mentions == {"parse": []}  # no everyone, no users, no roles, no replied user
    assert "BE-CAR7" in embed_text(reply.json)

    mark = len(fake.requests)
    sent = await fake.send_message_create("@everyone what is BE-CAR7", author=user, dm=True)
    dm_reply = await fake.wait_for_request("POST", rf"/channels/{sent['channel_id']}/messages", since=mark)
    assert dm_reply.json["allowed_mentions"] == {"parse": []}


async def test_direct_message(fake, bot, user):
    sent = await fake.send_message_create("what is UCART19?", author=user, dm=True)
    reply = await fake.wait_for_request(
        "POST", rf"/channels/{sent['channel_id']}/messages", predicate=lambda r: r.status == 200
    )
    text = embed_text(reply.json)
    assert "UCART19" in text and "https://www.newstalk.com/" in text and NOTICE in text
    assert "message_reference" not in reply.json  # a DM answer needs no reply arrow


async def test_bots_and_its_own_messages_are_ignored(fake, bot, user):
    other_bot = FakeUser(fake.new_id(), "other_bot", bot=True)
    fake.users[other_bot.id] = other_bot
    mark = len(fake.requests)
    await fake.send_message_create(f"{fake.bot_user.mention} what is TaNK?", author=other_bot)
    await fake.send_message_create(f"{fake.bot_user.mention} what is TaNK?", author=fake.bot_user)
    await fake.send_message_create("what is TaNK? (no mention)", author=user)
    marker = await ask_by_mention(fake, "what is TaNK?", author=user)  # replies come in order
    posts = [r for r in fake.requests[mark:] if r.method == "POST" and re.fullmatch(MESSAGES, r.path)]
    assert posts == [marker]


async def test_slash_ask_replies_in_public(fake, bot, user):
    sent = await fake.send_slash_command("ask", {"question": "how old was Alyssa?"}, user=user)
    callback = await fake.wait_for_interaction_response(sent)
    assert callback.json["type"] == 4
    data = callback.json["data"]
    assert not data.get("flags", 0) & EPHEMERAL
    assert data["allowed_mentions"] == {"parse": []}
    text = embed_text(data)
    assert "13" in text and NOTICE in text and "https://" in text
    assert data["content"] == "> how old was Alyssa?"  # the channel sees what was asked


async def test_slash_ask_suggests_known_questions_as_you_type(fake, bot, user):
    sent = await fake.send_autocomplete("ask", "question", "first pati", user=user)
    callback = await fake.wait_for_interaction_response(sent)
    assert callback.json["type"] == 8
    choices = callback.json["data"]["choices"]
    assert 0 < len(choices) <= 25 and all(len(c["name"]) <= 100 and c["name"] == c["value"] for c in choices)
    assert "first patient" in choices[0]["name"].lower()
    sent = await fake.send_autocomplete("ask", "question", "", user=user)
    starters = (await fake.wait_for_interaction_response(sent)).json["data"]["choices"]
    assert any(c["name"] == "Who was the first patient?" for c in starters)


async def test_slash_ask_quotes_the_question_as_text_not_markdown(fake, bot, user):
    asked = "what is **TaNK** @everyone <@123>   [x](https://evil.example)"
    sent = await fake.send_slash_command("ask", {"question": asked}, user=user)
    data = (await fake.wait_for_interaction_response(sent)).json["data"]
    quote = data["content"]
    assert quote.startswith("> what is \\*\\*TaNK\\*\\*") and "\n" not in quote
    assert "@everyone" not in quote.replace("@\u200beveryone", "") and "<@123>" not in quote
    assert "\\[x](" in quote and data["allowed_mentions"] == {"parse": []}


async def test_slash_ask_private_is_for_the_asker_only(fake, bot, user):
    sent = await fake.send_slash_command(
        "ask", {"question": "how old was Alyssa?", "private": True}, user=user
    )
    data = (await fake.wait_for_interaction_response(sent)).json["data"]
    assert data["flags"] & EPHEMERAL and data["content"] == "> how old was Alyssa?"
    assert "13" in embed_text(data) and NOTICE in embed_text(data)


async def test_slash_ask_safety_reply_keeps_the_emergency_line_first(fake, bot, user):
    sent = await fake.send_slash_command("ask", {"question": "my son cant breathe right now"}, user=user)
    data = (await fake.wait_for_interaction_response(sent)).json["data"]
    assert not data.get("content")  # nothing above the emergency line, not even the question
    assert data["embeds"][0]["description"].startswith("🚨")


async def test_each_therapy_buttons_answer_the_clicker(fake, bot, user, engine):
    question = "how old was the patient?"
    expected = engine.ask(question, "probe")
    assert expected.therapy is None and expected.choices, (
        "the content changed: pick a question for each therapy"
    )
    reply = await ask_by_mention(fake, question, author=user)
    buttons = choice_buttons(reply.json)
    wanted = [f"cf:{c.intent}:{c.therapy}:{user.id}:n" for c in expected.choices]
    assert [b["custom_id"] for b in buttons] == wanted
    assert [b["label"] for b in buttons] == [c.label for c in expected.choices]

    # Someone else's click: answered for them alone; the asker's message stays as it was.
    choice = expected.choices[0]
    click = await fake.send_component_click(wanted[0], message=reply.response, user=fake.moderator)
    callback = await fake.wait_for_interaction_response(click)
    assert callback.json["type"] == 4 and callback.json["data"]["flags"] & EPHEMERAL
    answer = engine.choose(choice.intent, choice.therapy, "probe")
    text = embed_text(callback.json["data"])
    assert answer.body.splitlines()[0] in text and NOTICE in text

    # The asker's own "More on …": a new public answer below, the first one kept.
    click = await fake.send_component_click(wanted[1], message=reply.response, user=user)
    callback = await fake.wait_for_interaction_response(click)
    assert callback.json["type"] == 4 and not callback.json["data"].get("flags", 0) & EPHEMERAL
    second = engine.choose(expected.choices[1].intent, expected.choices[1].therapy, "probe")
    assert second.body.splitlines()[0] in embed_text(callback.json["data"])


async def test_button_from_before_a_restart_still_answers(fake, bot, user):
    """Any cf: button works, also on a message this process never sent (e.g. before a restart);
    with no asker recorded, the answer is the clicker's alone."""
    old = fake.message_payload(
        fake.bot_user, fake.channel_id, "",
        components=[{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "UCART19", "custom_id": "cf:what_is:UCART19"},
            {"type": 2, "style": 2, "label": "Who developed it?", "custom_id": "cf:developers:-"},
        ]}],
    )  # fmt: skip
    click = await fake.send_component_click("cf:what_is:UCART19", message=old, user=user)
    callback = await fake.wait_for_interaction_response(click)
    assert "UCART19" in embed_text(callback.json["data"])
    assert callback.json["data"]["flags"] & EPHEMERAL


async def test_expired_buttons_are_greyed_out_and_say_ask_again(fake, bot, user):
    bot.client.expiry.seconds = 0.3
    try:
        reply = await ask_by_mention(fake, "how old was the patient?", author=user)
        message_id = reply.response["id"]
        stale = copy.deepcopy(reply.response)  # as an old client still shows it
        edit = await fake.wait_for_request("PATCH", rf"/channels/\d+/messages/{message_id}", timeout=5)
        buttons = choice_buttons(edit.json)
        assert buttons and all(b.get("disabled") for b in buttons)
        quote = [b for b in components(edit.json) if b not in buttons]
        assert quote and not any(b.get("disabled") for b in quote)  # the quote is still one click away
        assert fake.messages[int(message_id)]["embeds"]  # the answer itself stays
        # A click that still arrives (an old client, or a message from before a restart):
        click = await fake.send_component_click(buttons[0]["custom_id"], message=stale, user=user)
        callback = await fake.wait_for_interaction_response(click)
        data = callback.json["data"]
        assert data["flags"] & EPHEMERAL and data["content"] == EXPIRED
    finally:
        bot.client.expiry.seconds = bot.settings.buttons_expire_seconds


async def test_fallback_suggestions_are_buttons_and_the_askers_pick_replaces_it(fake, bot, user, engine):
    candidates = ["what is lupus", "who is the prime minister", "how do i fix my wifi its so slow"]
    question = next(
        (q for q in candidates if engine.ask(q, q).kind == FALLBACK and engine.ask(q, q).choices), None
    )
    assert question, "none of the candidates gets a fallback with suggestions any more"
    expected = engine.ask(question, "probe2")
    reply = await ask_by_mention(fake, question, author=user)
    buttons = choice_buttons(reply.json)
    assert [b["label"] for b in buttons] == [c.label for c in expected.choices][:3]

    shown = embed_text(reply.json)
    assert "Did you mean one of these?" in shown and "You can ask about" not in shown  # short on a phone
    assert all(f"• {c.label}" not in shown for c in expected.choices)  # the buttons are the list
    assert NOTICE in shown

    click = await fake.send_component_click(buttons[0]["custom_id"], message=reply.response, user=user)
    callback = await fake.wait_for_interaction_response(click)
    assert callback.json["type"] == 7  # the suggestion the asker picked takes the fallback's place
    choice = expected.choices[0]
    answer = engine.choose(choice.intent, choice.therapy, "probe3")
    edited = fake.messages[int(reply.response["id"])]
    assert answer.body.splitlines()[0] in embed_text(edited) and NOTICE in embed_text(edited)


async def test_a_fallback_offers_at_most_three_suggestions(fake, bot, user, monkeypatch):
    real = bot.service.store.engine.ask
    many = tuple(
        Choice(i.question, i.name) for i in bot.service.store.snapshot.intents.values() if i.question
    )

    def lots(text: str, conversation: str = "default") -> Reply:
        reply = real(text, conversation)
        return replace(reply, choices=many) if reply.kind == FALLBACK else reply

    monkeypatch.setattr(bot.service.store.engine, "ask", lots)
    reply = await ask_by_mention(fake, "how do i fix my wifi its so slow", author=user)
    assert len(choice_buttons(reply.json)) == 3


async def test_help_says_how_to_ask_in_three_lines(fake, bot, user):
    reply = await ask_by_mention(fake, "help", author=user)
    text = reply.json["embeds"][0]["description"]
    lines = [line for line in text.splitlines() if line.startswith("• ")][-3:]
    assert "mention me" in lines[0] and f"@{fake.bot_user.username}" in lines[0]
    assert "direct message" in lines[1] and "/ask" in lines[2]


async def test_only_choices_that_lead_to_an_answer_are_offered(fake, bot, user, engine, monkeypatch):
    question = "how old was the patient?"
    real = bot.service.store.engine.ask
    nowhere = Choice("What does it cost?", "cost", "TaNK")
    assert engine.choose(nowhere.intent, nowhere.therapy, "probe4").kind == NOT_IN_ARTICLES

    def with_a_dead_end(text: str, conversation: str = "default") -> Reply:
        reply = real(text, conversation)
        return replace(reply, choices=(*reply.choices, nowhere))

    monkeypatch.setattr(bot.service.store.engine, "ask", with_a_dead_end)
    reply = await ask_by_mention(fake, question, author=user)
    labels = [b["label"] for b in choice_buttons(reply.json)]
    assert labels == [c.label for c in engine.ask(question, "probe5").choices]
    assert nowhere.label not in labels


async def test_plain_text_where_the_bot_may_not_embed(fake, bot, user, no_embeds_channel):
    reply = await ask_by_mention(fake, "who was the first patient to get BE-CAR7?", author=user,
                                 channel_id=no_embeds_channel)  # fmt: skip
    body = reply.json
    assert not body.get("embeds") and body["flags"] & SUPPRESS_EMBEDS
    content = body["content"]
    assert "Alyssa" in content and FIRST_PATIENT_URL in content and NOTICE in content
    assert len(content) <= 2000


async def test_cooldown_answers_five_then_one_polite_note(fake, bot, user):
    for i in range(5):
        reply = await ask_by_mention(fake, f"what is TaNK? ({i})", author=user)
        assert reply.json["embeds"], reply.json
    mark = len(fake.requests)
    note = await ask_by_mention(fake, "what is TaNK? (6)", author=user)
    assert "wait" in note.json["content"] and not note.json.get("embeds")
    await fake.send_message_create(f"{fake.bot_user.mention} what is TaNK? (7)", author=user)
    sent = await fake.send_slash_command("ask", {"question": "what is TaNK?"}, user=user)
    callback = await fake.wait_for_interaction_response(sent)
    assert callback.json["data"]["flags"] & EPHEMERAL and "wait" in callback.json["data"]["content"]
    posts = [r for r in fake.requests[mark:] if r.method == "POST" and re.fullmatch(MESSAGES, r.path)]
    assert len(posts) == 1  # the 7th question got no second note: the note cannot be used to spam


async def test_rate_limited_reply_arrives_exactly_once(fake, bot, user):
    fake.rate_limit_next("POST", MESSAGES, retry_after=0.3)
    sent = await fake.send_message_create(f"{fake.bot_user.mention} who developed TaNK cells?", author=user)
    reply = await fake.wait_for_request(
        "POST", MESSAGES, predicate=lambda r: r.status == 200 and mentions_request(fake, sent)(r)
    )
    await asyncio.sleep(0.4)  # room for a wrong duplicate to show up
    statuses = [r.status for r in fake.requests if mentions_request(fake, sent)(r)]
    assert statuses == [429, 200] and reply.json["embeds"]


async def test_gateway_dropped_mid_run_then_answers(fake, bot, user):
    for code in (4000, None):  # a resumable close, then a TCP abort with no close frame
        mark = len(fake.gateway_log)
        await fake.drop_gateway(code=code)
        await fake.wait_for_gateway_op(6, since=mark, timeout=15)  # RESUME
        await fake.wait_until_connected(timeout=15)
        reply = await ask_by_mention(fake, "where was BE-CAR7 developed?", author=user)
        assert reply.json["embeds"]
    assert fake.intents & (1 << 15) == 0  # no Message Content intent unless configured


async def test_ten_megabyte_message_does_not_choke(fake, bot, user):
    huge = "is it safe? " + "blah " * (2 * 1024 * 1024)
    reply = await ask_by_mention(fake, huge, author=user)
    assert len(json.dumps(reply.json)) < 10_000
    after = await ask_by_mention(fake, "who was the first patient to get BE-CAR7?", author=user)
    assert "Alyssa" in embed_text(after.json)
    assert "blah " * 100 not in bot.logs  # even at debug, a question is logged cut short


async def test_sources_lists_every_article_with_its_link(fake, bot, user, engine):
    sent = await fake.send_slash_command("sources", user=user)
    callback = await fake.wait_for_interaction_response(sent)
    data = callback.json["data"]
    assert data["flags"] & EPHEMERAL
    text = embed_text(data)
    for article in engine.snapshot.articles.values():
        assert article.url in text


async def test_heartbeat_while_connected_and_healthcheck(fake, bot):
    for _ in range(100):  # on_ready comes once the guilds have arrived (discord.py waits 2 s)
        if (bot.data_dir / "heartbeat").exists():
            break
        await asyncio.sleep(0.05)
    env = bot_env(fake, bot.data_dir)
    done = subprocess.run([sys.executable, "-m", "bot", "healthcheck"], env=env, capture_output=True,
                          text=True, timeout=20)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("healthy")


async def test_logs_never_show_the_token_or_user_names(fake, bot, user):
    await ask_by_mention(fake, "what are the side effects of BE-CAR7?", author=user)
    logs = bot.logs
    assert "DEBUG" in logs  # this bot runs at LOG_LEVEL=debug: the most it ever says
    assert TOKEN not in logs and TOKEN.split(".")[-1] not in logs
    for person in fake.users.values():
        if not person.bot:
            assert person.username not in logs
    assert "Traceback" not in logs  # a dropped connection is one line, not a stack
