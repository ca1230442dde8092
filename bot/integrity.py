"""The articles are kept exactly as received: seeds/sources.toml records each one's SHA-256,
and the content check compares it with the file, byte for byte."""

from __future__ import annotations

import hashlib
import re

_SHA256 = re.compile(r"[0-9a-f]{64}")


def sha256_of(text: str) -> str:
    """The SHA-256 of an article file whose UTF-8 text is ``text`` (decoding it lost nothing)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_sha256_problem(article_id: str, file: str, recorded: object, text: str) -> str | None:
    """Why the article's text is not the one recorded in sources.toml, or None when it is."""
    actual = sha256_of(text)
    if recorded is None:
        return f'article {article_id!r}: missing `sha256` (for {file} as it is now: sha256 = "{actual}")'
    if not isinstance(recorded, str) or not _SHA256.fullmatch(recorded):
        return f"article {article_id!r}: `sha256` must be 64 lower-case hex digits"
    if recorded != actual:
        return (
            f"article {article_id!r}: {file} is not the file received (its sha256 is {actual}); "
            "articles are kept exactly as received: restore it, or record a new article's sha256"
        )
    return None
