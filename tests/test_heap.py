"""Giving freed memory back: harmless where the C library cannot."""

from __future__ import annotations

import pytest

from bot import heap


def test_giving_back_without_a_c_library_that_can_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    heap._libc.cache_clear()
    monkeypatch.setattr(heap.ctypes.util, "find_library", lambda name: None)
    try:
        assert heap._libc() is None
        heap.give_back()  # musl, macOS: nothing to call, nothing raised
    finally:
        heap._libc.cache_clear()
