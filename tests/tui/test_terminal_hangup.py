"""Noticing a terminal hang up, on a pseudo-terminal the test closes (no Textual)."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

import pytest

from reader.tui.terminal_hangup import HangupWatch

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals")


@pytest.fixture
def pty() -> Iterator[tuple[int, int]]:
    """A pseudo-terminal: its master (the terminal's side) and its slave (the app's)."""
    master, slave = os.openpty()
    yield master, slave
    for fd in (master, slave):
        with contextlib.suppress(OSError):  # the test may have closed it
            os.close(fd)


def test_closing_the_terminal_is_told_once(pty: tuple[int, int]) -> None:
    master, slave = pty
    told = threading.Event()
    calls: list[None] = []

    def hung_up() -> None:
        calls.append(None)
        told.set()

    watch = HangupWatch(slave, hung_up)
    assert watch.start()
    os.write(master, b"j")  # a key typed is no hangup
    assert not told.wait(0.2)
    os.close(master)  # the window closed
    assert told.wait(60)
    watch.stop()
    assert calls == [None]


def test_a_watch_stopped_while_the_terminal_is_there_tells_nothing(pty: tuple[int, int]) -> None:
    master, slave = pty
    calls: list[None] = []
    watch = HangupWatch(slave, lambda: calls.append(None))
    assert watch.start()
    watch.stop()
    os.close(master)
    watch.stop()  # stopping twice is harmless
    assert calls == []


def test_no_watch_without_a_terminal() -> None:
    read, write = os.pipe()
    try:
        assert not HangupWatch(read, lambda: None).start()
    finally:
        os.close(read)
        os.close(write)


def test_a_terminal_that_hung_up_before_the_watch_started_is_told_at_once(
    pty: tuple[int, int],
) -> None:
    master, slave = pty
    os.close(master)  # the window closed while the app was starting: isatty() is False now
    told = threading.Event()
    watch = HangupWatch(slave, told.set)
    assert watch.start()
    assert told.wait(60)
    watch.stop()
