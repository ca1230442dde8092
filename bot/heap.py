"""Giving freed memory back to the system after a large load.

Loading the word counts, the triage lexicon and the model builds large short-lived objects
(file text, parsed JSON); Python frees them, but the C allocator keeps the pages, so the
process stays as large as its peak. On glibc, malloc_trim returns them: the bot at rest
is about 5 MB smaller. Elsewhere (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any


@cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def give_back() -> None:
    """Collect garbage and return the freed heap to the system, where the C library can."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@contextmanager
def collections_paused() -> Iterator[None]:
    """No cyclic garbage collection while a snapshot and its indexes are built: the build
    allocates hundreds of thousands of objects that all live on, and each full collection it
    set off would only walk the whole live heap again (at 100x content, reloads took 1.0-1.6 s
    of CPU with collections, 0.9-1.0 s without). The garbage it leaves (the content it replaces)
    is collected by the next full collection, a pause of tens of milliseconds at 100x (collecting
    it here instead costs a reload 0.3-0.4 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
