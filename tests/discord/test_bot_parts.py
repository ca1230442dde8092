"""The Discord layer's parts on their own: layout limits, buttons, cooldown, unanswered log, logs, reload."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import time
from pathlib import Path

import discord
import pytest

from bot.discord import layout
from bot.discord.buttons import ChoiceButton, ChoiceView, Click
from bot.discord.cooldown import Cooldown
from bot.discord.service import Service, short_diff
from bot.discord.stall import StallWatch
from bot.discord.unanswered import UnansweredLog
from bot.logs import pseudonym, setup_logging
from bot.reply import Choice, Reply, Source, sources_block
from bot.settings import Settings
from bot.store import ContentStore
from bot.text import question
from tests.conftest import ROOT

NOTICE = "⚕️ Not medical advice: talk to your care team."


def source(i: int, title_length: int = 60) -> Source:
    return Source(f"Title {i} " + "x" * title_length, f"Publisher {i}", "2025-01-01", "1 January 2025",
                  f"https://example.org/articles/{i}/" + "p" * 40)  # fmt: skip


def big_reply(lines: int = 3000, sources: int = 3, title_length: int = 60) -> Reply:
    body = "**Header**\n" + "\n".join(f"• bullet number {i} " + "word " * 12 for i in range(lines))
    return Reply("answer", body, NOTICE, sources=tuple(source(i, title_length) for i in range(sources)))


@pytest.mark.parametrize(
    ("lines", "sources", "title_length"), [(3, 2, 20), (3000, 3, 60), (10, 40, 400), (3000, 60, 900)]
)
def test_embed_always_fits_and_keeps_notice_and_links(lines: int, sources: int, title_length: int) -> None:
    reply = big_reply(lines, sources, title_length)
    embed = layout.embed_for(reply)
    assert len(embed) <= layout.EMBED_TOTAL_LIMIT
    assert len(embed.description or "") <= layout.DESCRIPTION_LIMIT
    assert len(embed.fields) <= layout.MAX_FIELDS
    assert all(len(f.value) <= layout.FIELD_LIMIT and len(f.name) <= 256 for f in embed.fields)
    assert embed.footer.text == NOTICE
    links = "\n".join(f.value for f in embed.fields)
    assert all(s.url in links for s in reply.sources)
    if lines > 100:
        assert embed.description.endswith("\n…") and embed.description.startswith("**Header**")
        assert all(line.startswith(("**", "•", "…")) for line in embed.description.splitlines())


@pytest.mark.parametrize(("lines", "sources"), [(3, 2), (3000, 3), (10, 12)])
def test_plain_text_always_fits_and_keeps_notice_and_links(lines: int, sources: int) -> None:
    reply = big_reply(lines, sources)
    text = layout.plain_for(reply)
    assert len(text) <= layout.CONTENT_LIMIT
    assert NOTICE in text and all(s.url in text for s in reply.sources)
    assert text.startswith("**Header**")
    if lines < 5 and sources < 5:
        short = "\n\n".join([reply.body, sources_block(reply.sources, "short"), f"_{reply.notice}_"])
        assert text == short  # short replies: the engine's text, sources named by publisher and date
        assert all(s.title not in text for s in reply.sources)


def test_shorten_cuts_whole_lines_or_a_word() -> None:
    assert layout.shorten("short", 10) == "short"
    assert layout.shorten("one\ntwo\nthree", 8) == "one\n…"
    assert layout.shorten("one\ntwo\nthree", 9) == "one\ntwo\n…"
    assert layout.shorten("averyveryverylongword and more", 12) == "averyveryve…"
    assert layout.shorten("some words that go on and on", 15) == "some words…"
    assert len(layout.shorten("x" * 5000, 2000)) == 2000


def test_markdown_link_text_cannot_break_out() -> None:
    assert layout.link("a [b] c", "https://x.org/a)b") == r"[a \[b\] c](https://x.org/a%29b)"


async def test_buttons_carry_everything_a_click_needs() -> None:
    long_label = "What did the doctors say about " + "very " * 30 + "long questions?"
    choices = (Choice("BE-CAR7", "patient_age", "BE-CAR7"), Choice(long_label, "results", None),
               Choice("x", "i" * 120, None))  # fmt: skip
    view = ChoiceView(choices, primary=True)
    rows = [c for row in view.to_components() for c in row["components"]]
    assert [b["custom_id"] for b in rows] == ["cf:patient_age:BE-CAR7", "cf:results:-"]  # too long: left out
    assert len(rows[1]["label"]) <= 80 and rows[1]["label"].endswith("…")
    assert rows[0]["style"] == discord.ButtonStyle.primary.value
    match = ChoiceButton.__discord_ui_compiled_template__.fullmatch("cf:results:-")
    rebuilt = await ChoiceButton.from_custom_id(None, discord.ui.Button(label="L"), match)  # type: ignore[arg-type]
    assert rebuilt.click == Click("results", None)
    mine = ChoiceView(choices[:1], primary=False, asker=42, edit=True)
    (button, delete) = [c for row in mine.to_components() for c in row["components"]]
    assert button["custom_id"] == "cf:patient_age:BE-CAR7:42:e" and delete["custom_id"] == "cfx:42"
    match = ChoiceButton.__discord_ui_compiled_template__.fullmatch(button["custom_id"])
    rebuilt = await ChoiceButton.from_custom_id(None, discord.ui.Button(label="L"), match)  # type: ignore[arg-type]
    assert rebuilt.click == Click("patient_age", "BE-CAR7", 42, edit=True)


def test_a_question_is_cut_and_keeps_no_mentions() -> None:
    assert question("<@42> what is TaNK? <@!42>") == "what is TaNK?"
    assert question("<@43> <@&44> <#45> @everyone @here hi") == "hi"
    assert question("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert len(question("x" * 10_000_000)) == 8000


def test_cooldown_window_and_notes() -> None:
    now = [0.0]
    cooldown = Cooldown(2, 30, clock=lambda: now[0])
    assert cooldown.hit(1) == 0 and cooldown.hit(1) == 0
    assert cooldown.hit(1) == 30 and cooldown.hit(2) == 0  # one user's limit is theirs alone
    assert cooldown.may_note(1) and not cooldown.may_note(1)
    now[0] = 31
    assert cooldown.hit(1) == 0 and cooldown.may_note(1)
    off = Cooldown(0, 30)
    assert all(off.hit(1) == 0 for _ in range(100))


def test_cooldown_memory_is_bounded() -> None:
    cooldown = Cooldown(1, 30, max_users=100)
    for user in range(1000):
        cooldown.hit(user)
        cooldown.may_note(user)
    assert cooldown.hit(999) > 0 and not cooldown.may_note(999)  # the latest users are remembered
    assert cooldown.hit(0) == 0 and cooldown.may_note(0)  # the earliest were forgotten


def test_unanswered_log_is_bounded_scrubbed_and_survives_a_restart(tmp_path: Path) -> None:
    log = UnansweredLog(tmp_path, keep=3)
    for i in range(5):
        log.add(f"<@123456789> question {i} <#987654321>   with   spaces", guild_id=7)
    log.add("   ", guild_id=7)
    log.close()
    again = UnansweredLog(tmp_path, keep=3)
    assert [i["text"] for i in again.recent(7)] == [f"question {i} with spaces" for i in (4, 3, 2)]
    assert b"123456789" not in again.path.read_bytes()


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    names = ("discord", "aiohttp", "asyncio")
    saved = list(root.handlers), root.level, [logging.getLogger(n).level for n in names]
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    for name, level in zip(names, saved[2], strict=True):
        logging.getLogger(name).setLevel(level)
    logging.captureWarnings(False)


def test_json_logs_redact_the_token_and_drop_payloads(restore_logging) -> None:
    stream = io.StringIO()
    setup_logging("debug", "json", secrets=["s3cr3t-token"], stream=stream)
    logging.getLogger("cellfacts.test").info("token is s3cr3t-token", extra={"kind": "answer"})
    payload = {"op": 0, "t": "MESSAGE_CREATE", "s": 5, "d": {"author": {"username": "rosa"}}}
    logging.getLogger("discord.gateway").debug("For Shard ID %s: WebSocket Event: %s", None, payload)
    logging.getLogger("discord.http").debug(
        "%s %s with %s has returned %s", "POST", "https://x/interactions/1/tok3n/callback", {"a": "rosa"}, 200
    )
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert events[0]["message"] == "token is [redacted]" and events[0]["kind"] == "answer"
    assert "rosa" not in stream.getvalue() and "tok3n" not in stream.getvalue()
    assert "t=MESSAGE_CREATE" in events[1]["message"]


def test_plain_logs_keep_one_record_per_line(restore_logging, tmp_path: Path) -> None:
    stream = io.StringIO()
    setup_logging("debug", "plain", stream=stream)
    service = Service(Settings(data_dir=tmp_path, cooldown_questions=0), ContentStore(ROOT))
    forged = "hi\n2026-01-01T00:00:00.000Z INFO cellfacts.discord: forged\r\x1b[2J\u2028end"
    service.ask(forged, 1, 2, "dm")
    try:
        raise ValueError("first line\nsecond line")
    except ValueError:
        logging.getLogger("cellfacts.test").exception("it broke")
    lines = stream.getvalue().splitlines()
    assert not [line for line in lines if line.startswith("2026-01-01T00:00:00.000Z")]
    assert all(re.match(r"\d{4}-\d\d-\d\dT\S+Z (DEBUG|INFO|WARNING|ERROR) ", line) for line in lines)
    question = next(line for line in lines if "question:" in line)
    assert "hi\\n2026" in question and "\\u001b[2J" in question and "\\u2028end" in question
    broke = next(line for line in lines if "it broke" in line)
    assert "Traceback" in broke and "ValueError: first line\\nsecond line" in broke


def test_json_logs_keep_a_traceback_in_one_field(restore_logging) -> None:
    stream = io.StringIO()
    setup_logging("info", "json", stream=stream)
    try:
        raise ValueError("boom\nboom")
    except ValueError:
        logging.getLogger("cellfacts.test").exception("it broke\u2028really")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    event = json.loads(lines[0])
    assert event["message"] == "it broke\u2028really" and "ValueError: boom\nboom" in event["exception"]


def test_pseudonyms_correlate_without_showing_ids(restore_logging) -> None:
    setup_logging("info", "plain", secrets=["token-a"], stream=io.StringIO())
    first = pseudonym(123456789012345678)
    assert first == pseudonym(123456789012345678) != pseudonym(123456789012345679)
    assert "123456789012345678" not in first and first.startswith("u-")
    setup_logging("info", "plain", secrets=["token-b"], stream=io.StringIO())
    assert pseudonym(123456789012345678) != first


def test_short_diff_shows_the_changed_words_and_a_few_around() -> None:
    before = "one two three four five six seven eight nine ten eleven twelve"
    after = "one two three four five six SEVEN eight nine ten eleven twelve"
    assert short_diff(before, after) == ("… three four five six seven eight nine ten eleven …",
                                         "… three four five six SEVEN eight nine ten eleven …")  # fmt: skip
    assert short_diff("a b", "a b c") == ("a b", "a b c")


async def test_stall_watch_keeps_the_largest_stall() -> None:
    watch = StallWatch(tick=0.01)
    watch.start()
    await asyncio.sleep(0.03)
    time.sleep(0.15)  # the loop is blocked
    await asyncio.sleep(0.03)
    assert watch.stop() and not watch.stop()  # reported once
    assert 0.12 <= watch.largest < 1
