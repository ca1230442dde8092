"""Logging for the bot: one line per event, plain or JSON, never the token and never who asked what.

Our own loggers are under ``cellfacts``. discord.py's are quietened to WARNING unless the level is
debug; at debug its gateway and HTTP payload records (which carry user names and message texts)
are cut down to what identifies the event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

REDACTED = "[redacted]"
# Attributes every LogRecord has; anything else came in through `extra=` and is printed as a field.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
# discord.py debug records with a whole payload (user names, message texts), and where it is.
_PAYLOAD_ARGUMENT = {
    "For Shard ID %s: WebSocket Event: %s": 1,
    "%s %s with %s has returned %s": 2,
    "%s %s has received %s": 2,
}

# Interaction and webhook tokens in discord.py's debug URLs: short-lived, but secrets all the same.
_WEBHOOK_TOKEN = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/\s?]+")
_RECONNECTS = ("Attempting a reconnect", "Failed to connect for shard_id")
# Control characters (newlines too) and Unicode line separators: printed escaped, so that no text
# in a record (a question at debug, an exception message) can start a forged line of its own.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_pseudonym_key = os.urandom(32)


def escape_control(text: str) -> str:
    """``text`` on one line: control characters written as \\n, \\t, \\x1b, \\u2028 and so on."""
    return _CONTROL.sub(lambda m: _ESCAPES.get(m[0]) or f"\\u{ord(m[0]):04x}", text)


def pseudonym(user_id: int | None) -> str:
    """A stable stand-in for a Discord id in logs (a keyed hash): the same person gives the same
    value, so actions can be correlated, but the id cannot be recovered from the logs."""
    if user_id is None:
        return "-"
    digest = hmac.new(_pseudonym_key, str(int(user_id)).encode(), hashlib.sha256).hexdigest()
    return f"u-{digest[:12]}"


def extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class _Redacting(logging.Formatter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return _WEBHOOK_TOKEN.sub(rf"\1{REDACTED}", text)

    def details(self, record: logging.LogRecord) -> str:
        """The exception (or stack) text of the record, if any."""
        text = ""
        if record.exc_info:
            text = self.formatException(record.exc_info)
        if record.stack_info:
            text = f"{text}\n{self.formatStack(record.stack_info)}".strip()
        return text


class PlainFormatter(_Redacting):
    """`2026-01-31T12:00:00.123Z INFO cellfacts.discord: answered kind=answer intent=cost`"""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        fields = "".join(f" {k}={v}" for k, v in extras(record).items())
        line = (
            f"{stamp.replace('+00:00', 'Z')} {record.levelname} {record.name}: {record.getMessage()}{fields}"
        )
        details = self.details(record)
        if details:  # the traceback stays in this record, on this line
            line = f"{line} | {details}"
        return self.redact(escape_control(line))


class JsonFormatter(_Redacting):
    """One JSON object per line: time, level, logger, message, the extra fields, and any exception."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        out: dict[str, Any] = {
            "time": stamp.replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **extras(record),
        }
        details = self.details(record)
        if details:
            out["exception"] = details  # one field; json.dumps escapes its newlines
        # json.dumps escapes control characters but not U+2028/U+2029, which some readers split on
        text = json.dumps(out, ensure_ascii=False, default=str)
        return self.redact(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class DiscordFilter(logging.Filter):
    """discord.py's records, made to fit: payload debug records keep only the event type (never
    the payload), and a reconnect after a dropped connection is one line, not a stack trace."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("discord"):
            return True
        if record.exc_info and isinstance(record.msg, str) and record.msg.startswith(_RECONNECTS):
            error = record.exc_info[1]
            record.msg = f"{record.msg} (after {type(error).__name__}: %s)"
            record.args = (*(record.args or ()), str(error)[:200])
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        where = _PAYLOAD_ARGUMENT.get(record.msg) if isinstance(record.msg, str) else None
        if where is not None and isinstance(record.args, tuple) and len(record.args) > where:
            payload = record.args[where]
            summary = "(payload omitted)"
            if isinstance(payload, dict) and "op" in payload:
                summary = f"(op={payload.get('op')} t={payload.get('t')} s={payload.get('s')})"
            record.args = (*record.args[:where], summary, *record.args[where + 1 :])
        return True


def setup_logging(
    level: str = "info", fmt: str = "plain", *, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> None:
    """Configure the root logger once for the process (it replaces earlier handlers)."""
    global _pseudonym_key
    key = next((s for s in secrets if s), "")
    if key:  # stable across restarts while the token is the same; unknowable without it
        _pseudonym_key = hashlib.sha256(b"cellfacts-pseudonym\0" + key.encode()).digest()
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(secrets) if fmt == "json" else PlainFormatter(secrets))
    handler.addFilter(DiscordFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    numeric = getattr(logging, level.upper(), logging.INFO)
    root.setLevel(numeric)
    quiet = logging.DEBUG if numeric <= logging.DEBUG else logging.WARNING
    for name in ("discord", "aiohttp", "asyncio"):
        logging.getLogger(name).setLevel(max(quiet, numeric))
    logging.captureWarnings(True)
