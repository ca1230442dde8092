"""Logging for the bot: one line per event, plain or JSON, never the token and never who asked what.

Our own loggers are under ``cellfacts``. discord.py's are quietened to WARNING unless the level is
debug; at debug its gateway and HTTP payload records (which carry user names and message texts)
are cut down to what identifies the event.
"""

from __future__ import annotations

import json
import logging
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
        return self.redact(f"{line}\n{details}" if details else line)


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
            out["exception"] = details
        return self.redact(json.dumps(out, ensure_ascii=False, default=str))


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
