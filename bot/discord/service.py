"""What the Discord layer asks of the rest of the bot, free of discord.py: answers with a cooldown,
the unanswered log, and content reloads."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from bot.discord.cooldown import Cooldown
from bot.discord.unanswered import ServerSettings, UnansweredLog
from bot.memory import Context
from bot.model import Snapshot
from bot.render import source_view
from bot.reply import ANSWER, CLARIFY, FALLBACK, NOT_IN_ARTICLES, Choice, Reply, Source
from bot.settings import Settings
from bot.store import ContentStore, ReloadResult
from bot.text import question

log = logging.getLogger("cellfacts.discord")
PROBE = "cellfacts:probe"  # the conversation choices are tried in (nobody's)
FEEDBACK_OPEN = 2000  # answers whose 👍/👎 can still be recorded (the newest; in memory only)
THANKS, ALREADY, TOO_OLD = "thanks", "already", "too old"
MAX_SUGGESTED = 25  # /ask autocomplete: Discord shows at most 25
SUGGESTION_LIMIT = 100  # characters of an autocomplete choice (Discord's limit)
SUGGESTION_MIN_SCORE = 50
MAX_SUGGESTIONS = 3  # a fallback offers at most this many close questions
NO_ANSWER = (CLARIFY, FALLBACK, NOT_IN_ARTICLES)  # a choice leading to one of these is not offered


def conversation_key(user_id: int, channel_id: int | None) -> str:
    return f"{user_id}:{channel_id}"


DIFF_CONTEXT = 4  # words shown either side of a change
DIFF_LIMIT = 160  # characters of each side of a change
MAX_DIFFS = 10


def short_diff(before: str, after: str) -> tuple[str, str]:
    """The part of ``before`` and ``after`` that differs, with a few words either side."""
    a, b = before.split(), after.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    lo, cut = max(0, start - DIFF_CONTEXT), max(0, end - DIFF_CONTEXT)

    def piece(words: list[str]) -> str:
        text = " ".join(words[lo : len(words) - cut])
        if len(text) > DIFF_LIMIT:
            text = text[: DIFF_LIMIT - 1].rstrip() + "…"
        return ("… " if lo else "") + text + (" …" if cut else "")

    return piece(a), piece(b)


def reload_report(result: ReloadResult, before: Snapshot, after: Snapshot) -> list[str]:
    """What a moderator reads after /reload: the outcome and ids, the totals now served, and for
    each changed fact its text before and after (the changed words, a few either side)."""
    lines = result.lines()
    if not result.ok or result.diff is None:
        return lines
    lines.append(
        f"now serving {len(after.facts)} facts, {len(after.intents)} intents and "
        f"{len(after.articles)} articles (before: {len(before.facts)}, {len(before.intents)}, "
        f"{len(before.articles)})"
    )
    changed = [i for i in result.diff.facts_changed if i in before.facts and i in after.facts]
    for fact_id in changed[:MAX_DIFFS]:
        old, new = short_diff(before.facts[fact_id].text, after.facts[fact_id].text)
        if old == new:  # the text is the same: the quote, topic or asks changed
            old, new = short_diff(before.facts[fact_id].quote, after.facts[fact_id].quote)
        lines.append(f"• {fact_id}: “{old}” → “{new}”")
    if len(changed) > MAX_DIFFS:
        lines.append(f"… and {len(changed) - MAX_DIFFS} more changed facts")
    return lines


def fact_key(fact_id: str) -> str:
    """A short, stable name for a fact (a button's custom_id holds several)."""
    return hashlib.sha1(fact_id.encode(), usedforsecurity=False).hexdigest()[:8]


@dataclass(frozen=True)
class Quoted:
    """One fact's verbatim quote and the article it is in."""

    quote: str
    source: Source


@dataclass(frozen=True)
class Answer:
    """A reply, or (reply None) the seconds the user must wait first. ``feedback``: the name of
    this answer for a 👍/👎 (None: not asked for)."""

    reply: Reply | None
    wait: float = 0.0
    feedback: str | None = None


@dataclass
class _Asked:
    """An answer awaiting 👍/👎: the question, where it was asked, and who has voted (in memory,
    so that each person counts once; never stored)."""

    text: str
    guild_id: int | None
    voters: set[int] = field(default_factory=set)


class Service:
    def __init__(self, settings: Settings, store: ContentStore, storage_problem: str | None = None) -> None:
        """``storage_problem``: DATA_DIR is known not to be writable (already warned about once)."""
        self.settings, self.store = settings, store
        self.storage_problem = storage_problem
        self.cooldown = Cooldown(settings.cooldown_questions, settings.cooldown_seconds)
        self.unanswered = UnansweredLog(settings.data_dir)
        self.unanswered.problem = storage_problem  # no second warning for the same cause
        self._asked: OrderedDict[str, _Asked] = OrderedDict()
        self._known: tuple[Snapshot | None, list[str]] = (None, [])
        self._servers: dict[int, tuple[ServerSettings, Cooldown | None]] = {}  # read once per server

    # -- per-server settings (one process serves each server: its shard's) ------------------------

    def server_settings(self, guild_id: int) -> ServerSettings:
        return self._server(guild_id)[0]

    def _server(self, guild_id: int) -> tuple[ServerSettings, Cooldown | None]:
        known = self._servers.get(guild_id)
        if known is None:
            known = self._servers[guild_id] = self._with_cooldown(self.unanswered.settings(guild_id))
        return known

    def _with_cooldown(self, chosen: ServerSettings) -> tuple[ServerSettings, Cooldown | None]:
        if chosen.cooldown_questions is None and chosen.cooldown_seconds is None:
            return chosen, None
        questions = (
            self.settings.cooldown_questions
            if chosen.cooldown_questions is None
            else chosen.cooldown_questions
        )
        seconds = (
            self.settings.cooldown_seconds if chosen.cooldown_seconds is None else chosen.cooldown_seconds
        )
        return chosen, Cooldown(questions, seconds)

    def save_server_settings(self, guild_id: int, chosen: ServerSettings) -> bool:
        """Use ``chosen`` in this server from now on (its cooldown starts afresh); False if it
        could not be stored (it is used until the bot restarts all the same)."""
        self._servers[guild_id] = self._with_cooldown(chosen)
        return self.unanswered.save_settings(guild_id, chosen)

    def answers_in(self, guild_id: int | None, *channel_ids: int | None) -> bool:
        """Whether the bot answers publicly in a channel (or thread: its parent counts too)."""
        if guild_id is None:
            return True
        channels = self.server_settings(guild_id).channels
        return not channels or any(c in channels for c in channel_ids if c is not None)

    def cooldown_for(self, guild_id: int | None) -> Cooldown:
        """The cooldown where a question was asked: its server's own, or the bot's."""
        own = self._server(guild_id)[1] if guild_id is not None else None
        return own if own is not None else self.cooldown

    def ask(
        self,
        text: str,
        user_id: int,
        channel_id: int | None,
        via: str,
        guild_id: int | None = None,
        *,
        server: int | None = None,
    ) -> Answer:
        """Answer ``text``; ``guild_id`` None means a direct message or a private question (kept
        private); ``server``: where it was asked, for its cooldown (default ``guild_id``)."""
        wait = self.cooldown_for(server if server is not None else guild_id).hit(user_id)
        if wait:
            log.info("cooldown", extra={"via": via, "wait_s": round(wait, 1)})
            return Answer(None, wait)
        text = question(text)  # the boundary: cut, valid Unicode and without mentions from here on
        started = time.perf_counter()
        reply = self.store.engine.ask(text, conversation_key(user_id, channel_id))
        self._log(via, reply, started)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("question: %s", text[:200])
        if reply.kind == FALLBACK:
            self.unanswered.add(text, guild_id)
        elif reply.kind == NOT_IN_ARTICLES:  # an honest gap: what moderators most need to see
            self.unanswered.add(text, guild_id, gap=reply.intent or "not in the articles")
        token = self._await_feedback(text, guild_id) if reply.kind == ANSWER else None
        return Answer(self.answerable(reply), feedback=token)

    def _await_feedback(self, text: str, guild_id: int | None) -> str:
        token = secrets.token_hex(4)
        self._asked[token] = _Asked(text[:500], guild_id)
        while len(self._asked) > FEEDBACK_OPEN:
            self._asked.popitem(last=False)
        return token

    def feedback(self, token: str, helpful: bool, user_id: int) -> str:
        """Record a 👍 (``helpful``) or 👎 on the answer ``token``, once per person: THANKS,
        ALREADY (this person has voted on it) or TOO_OLD (no longer open, e.g. after a restart)."""
        asked = self._asked.get(token)
        if asked is None:
            return TOO_OLD
        if user_id in asked.voters:
            return ALREADY
        asked.voters.add(user_id)
        self.unanswered.add_feedback(asked.text, helpful, asked.guild_id)
        log.info("feedback", extra={"helpful": helpful})
        return THANKS

    def choose(
        self,
        intent: str,
        therapy: str | None,
        user_id: int,
        channel_id: int | None,
        server: int | None = None,
    ) -> Answer:
        wait = self.cooldown_for(server).hit(user_id)
        if wait:
            log.info("cooldown", extra={"via": "button", "wait_s": round(wait, 1)})
            return Answer(None, wait)
        started = time.perf_counter()
        reply = self.store.engine.choose(intent, therapy, conversation_key(user_id, channel_id))
        self._log("button", reply, started)
        return Answer(self.answerable(reply))

    def answerable(self, reply: Reply) -> Reply:
        """``reply`` offering only the choices that lead to an answer (tried aside, in a
        conversation of no one's); a fallback at most MAX_SUGGESTIONS."""
        if not reply.choices:
            return reply
        engine = self.store.engine

        def leads_somewhere(choice: Choice) -> bool:
            engine.memory.put(PROBE, Context())  # each try starts afresh, as a new asker would
            return engine.choose(choice.intent, choice.therapy, PROBE).kind not in NO_ANSWER

        kept = tuple(c for c in reply.choices if leads_somewhere(c))
        if reply.kind == FALLBACK:
            kept = kept[:MAX_SUGGESTIONS]
        return reply if kept == reply.choices else replace(reply, choices=kept)

    def quotes(self, keys: tuple[str, ...]) -> tuple[list[Quoted], str]:
        """The quotes of the facts named by ``keys`` (`fact_key`), in the content now in service
        (a fact since removed is left out), and the notice."""
        snapshot = self.store.snapshot
        by_key = {fact_key(f.id): f for f in snapshot.facts.values()}
        quoted = []
        for key in dict.fromkeys(keys):
            fact = by_key.get(key)
            article = snapshot.articles.get(fact.article) if fact else None
            if fact is not None and article is not None:
                quoted.append(Quoted(fact.quote, Source(**source_view(article))))
        return quoted, snapshot.notice

    def suggestions(self, typed: str, limit: int = MAX_SUGGESTED) -> list[str]:
        """Known questions (each intent's question and examples, each fact's asks) that match what
        has been typed so far, best first; the intents' own questions when nothing is typed."""
        snapshot = self.store.snapshot
        if self._known[0] is not snapshot:
            known: dict[str, str] = {}
            for intent in snapshot.intents.values():
                for text in (intent.question, *intent.examples):
                    known.setdefault(text.lower(), text)
            for fact in snapshot.facts.values():
                for text in fact.asks:
                    known.setdefault(text.lower(), text)
            fitting = [t for t in known.values() if t and len(t) <= SUGGESTION_LIMIT]
            self._known = (snapshot, fitting)
        candidates = self._known[1]
        typed = " ".join(question(typed).split())[:SUGGESTION_LIMIT]
        if not typed:
            starters = [i.question for i in snapshot.intents.values() if i.question]
            return starters[:limit]
        found = process.extract(typed, candidates, scorer=fuzz.WRatio, processor=str.lower, limit=limit)
        return [text for text, score, _ in found if score >= SUGGESTION_MIN_SCORE]

    def sources(self) -> Reply:
        """Every article with its link: the content's own answer to "where does this come from?"
        (the intent with handler "sources"; with none, the fallback)."""
        engine = self.store.engine
        name = next((i.name for i in engine.snapshot.intents.values() if i.handler == "sources"), "")
        return engine.choose(name, None, "sources")

    def help(self) -> Reply:
        """What the bot can answer (the content's own "help" intent, with handler "help"; with
        none, the fallback). Discord adds how to ask (`layout.for_discord`)."""
        engine = self.store.engine
        intents = engine.snapshot.intents
        by_handler = (i.name for i in intents.values() if i.handler == "help")
        name = "help" if "help" in intents else next(by_handler, "")
        return engine.choose(name, None, "help")

    @staticmethod
    def _log(via: str, reply: Reply, started: float) -> None:
        ms = round((time.perf_counter() - started) * 1000, 2)
        fields = {"via": via, "kind": reply.kind, "intent": reply.intent, "therapy": reply.therapy, "ms": ms}
        log.info("answered", extra=fields)

    async def reload(self, by: str) -> ReloadResult:
        """Rebuild the content in a thread; the old content serves until the new one is whole."""
        result = await asyncio.to_thread(self.store.reload)
        if result.busy:
            log.info("content reload queued: one is already running", extra={"by": by})
        elif result.ok:
            assert result.diff is not None
            log.info("content reloaded: %s", "; ".join(result.diff.lines()), extra={"by": by})
        else:
            problems = "; ".join(map(str, result.problems))
            log.warning(
                "content reload failed, still serving the old content: %s", problems, extra={"by": by}
            )
        return result
