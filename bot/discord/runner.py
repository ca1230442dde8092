"""Starting and stopping the bot: `python -m bot run` and `python -m bot sync`.

Exit codes: 0 stopped cleanly (SIGTERM/SIGINT) or synced; 1 the content is broken or Discord could
not be reached; 2 the configuration is wrong (no token, a rejected token, an intent not enabled).
SIGHUP reloads the content. The token is never printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route
from discord.voice_client import VoiceClient

from bot.discord.client import make_client
from bot.discord.service import Service
from bot.health import storage_problem
from bot.loader import ContentError
from bot.logs import setup_logging
from bot.settings import DEFAULT_API_BASE, DEFAULT_GATEWAY_URL, Settings
from bot.store import ContentStore

log = logging.getLogger("cellfacts")
EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2
STOP_TIMEOUT = 4.0  # close() gets this, the client task half more: at most 6 s, inside the 10 s grace period
REJECTED = (
    "Discord rejected the token in DISCORD_TOKEN. Copy a fresh one from the Developer Portal "
    "(your application → Bot → Reset Token) into .env."
)
CLOSE_CODES = {
    4004: REJECTED,
    4010: "SHARD_IDS has a shard id Discord does not accept for SHARD_COUNT.",
    4011: "This bot is in too many servers for one connection: set SHARD_COUNT (and SHARD_IDS).",
    4013: "Discord refused the gateway intents the bot asked for.",
    4014: (
        "MESSAGE_CONTENT_INTENT=true, but the Message Content intent is not enabled for this bot: "
        "enable it in the Developer Portal (Bot → Privileged Gateway Intents) "
        "or set MESSAGE_CONTENT_INTENT=false."
    ),
}


def configure_discord(settings: Settings) -> None:
    """discord.py for this bot: no voice warnings, and DISCORD_API_BASE and DISCORD_GATEWAY_URL
    when they are not Discord's own."""
    VoiceClient.warn_nacl = VoiceClient.warn_dave = False  # the bot has no voice; no warning needed
    if settings.discord_api_base != DEFAULT_API_BASE:
        Route.BASE = settings.discord_api_base
    if settings.discord_gateway_url != DEFAULT_GATEWAY_URL:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def _prepare(settings: Settings, *, need_data_dir: bool) -> int | None:
    """Logging, the token and the endpoints; an exit code if the bot cannot start."""
    setup_logging(settings.log_level, settings.log_format, secrets=[settings.discord_token])
    if not settings.discord_token:
        log.error("DISCORD_TOKEN is not set: put the bot's token in the environment or in .env.")
        return EXIT_CONFIG
    if need_data_dir:
        with contextlib.suppress(OSError):
            settings.data_dir.mkdir(parents=True, exist_ok=True)
    configure_discord(settings)
    return None


def exit_code_for(exc: BaseException) -> int:
    """Log why the client stopped, in one line, and choose the exit code."""
    if isinstance(exc, discord.LoginFailure):
        log.error(REJECTED)
        return EXIT_CONFIG
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        log.error(CLOSE_CODES[4014])
        return EXIT_CONFIG
    if isinstance(exc, discord.ConnectionClosed) and exc.code in CLOSE_CODES:
        log.error(CLOSE_CODES[exc.code])
        return EXIT_CONFIG
    if isinstance(exc, discord.HTTPException):
        log.error("Discord answered %s: %s", exc.status, exc.text[:200] or exc.response.reason)
        return EXIT_FAILED
    if isinstance(exc, aiohttp.ClientError | OSError | discord.GatewayNotFound | discord.ConnectionClosed):
        log.error("could not reach Discord: %s: %s", type(exc).__name__, exc)
        return EXIT_FAILED
    log.error("stopped by an unexpected error", exc_info=exc)
    return EXIT_FAILED


class StoppedDuringStartup(BaseException):
    """SIGTERM or SIGINT while the content loads (BaseException: nothing on the way may swallow it)."""


class StartupSignals:
    """Signal handlers from the very start: SIGTERM/SIGINT while loading stop at once (exit 0);
    after loading, until the event loop takes over, they are remembered, as is a SIGHUP."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)

    def __init__(self) -> None:
        self.stop: int | None = None
        self.reload = False
        self.loading = True
        for sig in self.SIGNALS:
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: object) -> None:
        if signum == signal.SIGHUP:
            self.reload = True
            return
        self.stop = signum
        if self.loading:
            raise StoppedDuringStartup(signum)


def run(settings: Settings) -> int:
    """Connect and answer until SIGTERM or SIGINT."""
    signals = StartupSignals()  # before anything slow: a signal must never find the default handler
    try:
        code = _prepare(settings, need_data_dir=True)
        if code is not None:
            return code
        service = open_service(settings)
        signals.loading = False
    except StoppedDuringStartup as stopped:
        log.info("stopped during start-up by %s", signal.Signals(stopped.args[0]).name)
        return EXIT_OK
    except ContentError as exc:
        log.error("the content in %s has %d problem(s):", settings.content_dir, len(exc.problems))
        for problem in exc.problems:
            log.error("  %s", problem)
        return EXIT_FAILED
    return asyncio.run(_serve(settings, service, signals))


def open_service(settings: Settings) -> Service:
    """What the client answers from: the content loaded (ContentError if it is broken), and
    DATA_DIR checked."""
    log.info("loading the content from %s", settings.content_dir)
    store = ContentStore(settings.content_dir)
    log.info("content loaded from %s", settings.content_dir, extra=store.snapshot.summary())
    problem = storage_problem(settings.data_dir)
    if problem is not None:  # answering matters more than what DATA_DIR keeps: one warning, go on
        log.warning(
            "DATA_DIR %s cannot be written (%s): answering anyway, but unanswered questions and "
            "the heartbeat are not kept, and the health check will say so", settings.data_dir, problem,
        )  # fmt: skip
    return Service(settings, store, storage_problem=problem)


async def _serve(settings: Settings, service: Service, signals: StartupSignals | None = None) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    reloads: set[asyncio.Task[object]] = set()

    def reload_on_hup() -> None:
        log.info("SIGHUP: reloading the content")
        task = loop.create_task(service.reload(by="SIGHUP"))
        reloads.add(task)
        task.add_done_callback(reloads.discard)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.add_signal_handler(signal.SIGHUP, reload_on_hup)
    if signals is not None and signals.stop is not None:
        log.info("stopped during start-up by %s", signal.Signals(signals.stop).name)
        return EXIT_OK
    if signals is not None and signals.reload:  # an edit announced while the content loaded
        reload_on_hup()
    client = make_client(settings, service)
    try:
        async with client:
            running = asyncio.create_task(client.start(settings.discord_token), name="cellfacts-client")
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not stopping.done():
                stopping.cancel()
                exc = running.exception()
                return EXIT_OK if exc is None else exit_code_for(exc)
            log.info("stopping: closing the connection to Discord")
            await _stop(client, running)
            log.info("stopped")
            return EXIT_OK
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.remove_signal_handler(sig)


async def _stop(client: discord.Client, running: asyncio.Task[None]) -> None:
    try:
        await asyncio.wait_for(client.close(), STOP_TIMEOUT)
        await asyncio.wait_for(running, STOP_TIMEOUT / 2)
    except (TimeoutError, asyncio.CancelledError):
        log.warning("the connection did not close in time; stopping anyway")
        running.cancel()
    except Exception:  # whatever start() raised while closing does not matter any more
        pass


def sync(settings: Settings) -> int:
    """Log in, register the slash commands (global), and exit."""
    code = _prepare(settings, need_data_dir=False)
    if code is not None:
        return code
    return asyncio.run(_sync(settings))


MODERATOR_COMMANDS_HELP = """\
Registered /ask, /sources, /help, /reload, /unanswered, /settings and the message menu
"Ask cellfacts about this message".
/reload, /unanswered and /settings are shown only to members with Manage Server. To let a helper
role (one in MODERATOR_ROLE_IDS) see and use them: Server Settings → Integrations → (this bot) →
/reload (and /unanswered, /settings) → Add Roles or Members → pick the role, and allow it.
The bot checks the role itself too, so only MODERATOR_ROLE_IDS and Manage Server can run them."""


async def _sync(settings: Settings) -> int:
    client = make_client(settings, None, sync_only=True)
    try:
        async with client:
            await client.login(settings.discord_token)
    except Exception as exc:
        return exit_code_for(exc)
    print(MODERATOR_COMMANDS_HELP, flush=True)
    return EXIT_OK
