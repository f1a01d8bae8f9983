"""The terminal driver: a terminal that has gone never blocks the app (no terminal needed).

Textual's output thread writes through a queue of 30 writes; on a terminal that
hung up it used to end at the first write (EIO), and the app, still writing,
blocked for ever on the full queue, in the middle of quitting.
"""

from __future__ import annotations

import errno
import io
import signal
import sys
import threading
from collections.abc import AsyncIterator

import pytest
from textual.app import App
from textual.drivers._writer_thread import WriterThread

from reader.tui.terminal_driver import TerminalDriver, TerminalOutput

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the Linux and macOS driver")

BOUND = 60.0
"""Only keeps a broken driver from hanging the suite: no speed limit."""


class HungUp(io.StringIO):
    """A terminal that hung up: every write and flush fails with EIO."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, "Input/output error")

    def flush(self) -> None:
        raise OSError(errno.EIO, "Input/output error")


@pytest.fixture
async def driver(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[TerminalDriver]:
    """A driver on a terminal that hung up (Textual's own signal handlers put back after).

    Async: a driver is made in the app's event loop.
    """
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
    monkeypatch.setattr(sys, "__stderr__", HungUp())
    yield TerminalDriver(App())
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


async def test_the_output_thread_keeps_draining_once_the_terminal_has_gone(
    driver: TerminalDriver,
) -> None:
    output: object = driver._file  # what Textual's output thread writes to
    assert output is driver.output
    assert isinstance(output, TerminalOutput)
    writer = WriterThread(output)  # type: ignore[arg-type]  # as start_application_mode does
    writer.start()
    driver._writer_thread = writer

    def busy_then_quitting() -> None:  # a busy app paints on, then quits
        for n in range(100):
            driver.write(f"frame {n}")
        driver.close()

    quitting = threading.Thread(target=busy_then_quitting, daemon=True)
    quitting.start()
    quitting.join(BOUND)
    assert not quitting.is_alive(), "the driver blocked on a terminal that has gone"
    assert not writer.is_alive()
    assert output.gone


async def test_a_stray_sigcont_resumes_nothing(
    driver: TerminalDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    for name in ("start_application_mode", "stop_application_mode", "close"):
        monkeypatch.setattr(driver, name, lambda name=name: calls.append(name))
    driver.resume_application_mode()  # SIGCONT with SIGHUP, as a terminal hangs up
    assert calls == []
    driver.suspend_application_mode()  # Ctrl+Z, an external editor
    driver.resume_application_mode()
    driver.resume_application_mode()
    assert calls == ["stop_application_mode", "close", "start_application_mode"]


def test_output_to_a_terminal_that_is_there_goes_through() -> None:
    terminal = io.StringIO()
    output = TerminalOutput(terminal)
    assert output.write("frame") == len("frame")
    output.flush()
    assert terminal.getvalue() == "frame"
    assert not output.gone
