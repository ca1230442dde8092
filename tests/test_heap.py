"""Giving freed memory back: harmless where the C library cannot."""

from __future__ import annotations

import gc

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


def test_collections_pause_while_content_is_built_and_resume_after_a_failure() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), heap.collections_paused():
        assert not gc.isenabled()
        raise RuntimeError("a broken reload")
    assert gc.isenabled()


def test_collections_left_off_by_someone_else_stay_off() -> None:
    gc.disable()
    try:
        with heap.collections_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
